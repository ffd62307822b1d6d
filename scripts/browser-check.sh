#!/usr/bin/env bash
# Render the HTML board pack in headless Chromium: screenshots at 1280 and
# 390 px wide, and a printed PDF turned into PNG pages, for a person to look
# at. Needs Debian's chromium and poppler-utils:
#   apt-get install -y chromium poppler-utils
# Usage: scripts/browser-check.sh [ANSWERS_FILE] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
answers="${1:-examples/frontier-lab.yaml}"
out="${2:-target/browser-check}"
mkdir -p "$out"
cargo build --quiet
target/debug/mera assess "$answers" --format html --exit-zero > "$out/report.html"
page="file://$(realpath "$out/report.html")"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chrome() {
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run \
    --user-data-dir="$profile" --hide-scrollbars "$@" 2>>"$out/chromium.log"
}
# A tall window captures the whole page; Chromium crops nothing below it.
chrome --window-size=1280,16000 --screenshot="$out/desktop-1280.png" "$page"
chrome --window-size=390,24000 --screenshot="$out/phone-390.png" "$page"
chrome --no-pdf-header-footer --print-to-pdf="$out/report.pdf" "$page"
pdftoppm -png -r 60 "$out/report.pdf" "$out/page"
echo "wrote $out/desktop-1280.png, $out/phone-390.png, $out/report.pdf and $(ls "$out"/page-*.png | wc -l) page images"
