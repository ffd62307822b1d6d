#!/usr/bin/env bash
# Validate mera's SARIF for every shipped example with Microsoft's SARIF
# Multitool (npm package @microsoft/sarif-multitool), with both its SARIF
# rules and GitHub code scanning's ("Gh": what GitHub Advanced Security
# requires of an upload) at every level: each example as `assess` writes it
# and as `check` writes it under the gate of examples/mera.toml (with the
# gate's own results). Installs it into target/npm on first use. Exits
# non-zero on any error-level finding.
set -euo pipefail
cd "$(dirname "$0")/.."
tools="target/npm"
if [ ! -d "$tools/node_modules/@microsoft/sarif-multitool-linux" ]; then
  mkdir -p "$tools"
  npm install --silent --prefix "$tools" @microsoft/sarif-multitool
fi
# The npm wrapper runs the tool through a shell, which splits "Gh;Sarif" at
# the semicolon: run the platform binary directly.
multitool="$(node -p 'require(process.argv[1])' "$PWD/$tools/node_modules/@microsoft/sarif-multitool-linux")"
cargo build --quiet
out="target/sarif-check"
mkdir -p "$out"
status=0
for run in assess check; do
for f in examples/*.yaml examples/community-bank.toml; do
  name="$(basename "${f%.*}")-$run"
  if [ "$run" = assess ]; then
    target/debug/mera assess "$f" --format sarif --exit-zero > "$out/$name.sarif"
  else
    target/debug/mera check "$f" --config examples/mera.toml --as-of 2026-11-20 --format sarif --exit-zero > "$out/$name.sarif"
  fi
  f="$f ($run)"
  if "$multitool" validate "$out/$name.sarif" --rule-kind "Gh;Sarif" --level "Error;Warning;Note" \
      --output "$out/$name.validation.sarif" --log ForceOverwrite > "$out/$name.log" 2>&1; then
    echo "ok    $f: $(grep -c ': error ' "$out/$name.log" || true) errors, $(grep -c ': warning ' "$out/$name.log" || true) warnings, $(grep -c ': note ' "$out/$name.log" || true) notes (details in $out/$name.log)"
    grep ': warning ' "$out/$name.log" | sed 's/^[^:]*([0-9,]*): /      /' | sort -u || true
  else
    status=1
    echo "FAIL  $f"; cat "$out/$name.log"
  fi
  # The Multitool writes its findings as SARIF too: count errors in it.
  errors=$(node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));let n=0;for(const run of r.runs||[])for(const x of run.results||[])if(x.level==="error")n++;console.log(n)' "$out/$name.validation.sarif")
  if [ "$errors" != "0" ]; then status=1; echo "      $errors validation errors in $out/$name.validation.sarif"; grep ': error ' "$out/$name.log" | sed 's/^[^:]*([0-9,]*): /      /' | sort | uniq -c | head; fi
done
done
exit $status
