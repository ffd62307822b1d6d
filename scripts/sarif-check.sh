#!/usr/bin/env bash
# Validate mera's SARIF for every shipped example with Microsoft's SARIF
# Multitool (npm package @microsoft/sarif-multitool). Installs it into
# target/npm on first use. Exits non-zero on any validation error.
set -euo pipefail
cd "$(dirname "$0")/.."
tools="target/npm"
if [ ! -x "$tools/node_modules/.bin/sarif-multitool" ]; then
  mkdir -p "$tools"
  npm install --silent --prefix "$tools" @microsoft/sarif-multitool
fi
cargo build --quiet
out="target/sarif-check"
mkdir -p "$out"
status=0
for f in examples/*.yaml examples/community-bank.toml; do
  name="$(basename "${f%.*}")"
  target/debug/mera assess "$f" --format sarif --exit-zero > "$out/$name.sarif"
  if "$tools/node_modules/.bin/sarif-multitool" validate "$out/$name.sarif" --output "$out/$name.validation.sarif" --log ForceOverwrite > "$out/$name.log" 2>&1; then
    echo "ok    $f: $(grep -c ': error ' "$out/$name.log") errors, $(grep -c ': warning ' "$out/$name.log") warnings (details in $out/$name.log)"
  else
    status=1
    echo "FAIL  $f"; cat "$out/$name.log"
  fi
  # The Multitool writes its findings as SARIF too: count errors in it.
  errors=$(node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));let n=0;for(const run of r.runs||[])for(const x of run.results||[])if(x.level==="error")n++;console.log(n)' "$out/$name.validation.sarif")
  if [ "$errors" != "0" ]; then status=1; echo "      $errors validation errors in $out/$name.validation.sarif"; fi
done
exit $status
