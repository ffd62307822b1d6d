#!/usr/bin/env bash
# Render the HTML board pack in headless Chromium: screenshots at 1280 and
# 390 px wide, each of the whole page down to its footer, and a printed PDF
# turned into PNG pages, for a person to look at. Needs Debian's chromium,
# poppler-utils and python3-pil (Pillow for Debian's /usr/bin/python3):
#   apt-get install -y chromium poppler-utils python3-pil
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
# The page's height is not known before layout, and the page runs no script
# to measure it: take the screenshot in a window taller than the page, check
# that its bottom rows are blank (else double the height and take it again),
# and cut the blank bottom off, keeping a margin below the footer.
trim() {
  /usr/bin/python3 - "$1" <<'PY'
import sys
from PIL import Image
path = sys.argv[1]
img = Image.open(path).convert("RGB")
w, h = img.size
background = img.getpixel((w - 1, h - 1))
px = img.load()
def blank(y):
    return all(px[x, y] == background for x in range(0, w, 2))
if not all(blank(y) for y in range(h - 64, h)):
    sys.exit(3)  # the page reaches the bottom of the window
bottom = h - 1
while bottom > 0 and blank(bottom):
    bottom -= 1
img.crop((0, 0, w, min(h, bottom + 33))).save(path)
print(bottom + 33)
PY
}
shot() {
  local width="$1" file="$2" height=16000 rc
  while :; do
    chrome --window-size="$width,$height" --screenshot="$file" "$page"
    rc=0; trimmed="$(trim "$file")" || rc=$?
    if [ "$rc" = 0 ]; then echo "$file: ${width}x$trimmed"; return; fi
    if [ "$rc" != 3 ] || [ "$height" -ge 128000 ]; then echo "cannot fit the page at $width px in $height px" >&2; exit 1; fi
    height=$((height * 2))
  done
}
shot 1280 "$out/desktop-1280.png"
shot 390 "$out/phone-390.png"
chrome --no-pdf-header-footer --print-to-pdf="$out/report.pdf" "$page"
rm -f "$out"/page-*.png
pdftoppm -png -r 60 "$out/report.pdf" "$out/page"
echo "wrote $out/desktop-1280.png, $out/phone-390.png, $out/report.pdf ($(pdfinfo "$out/report.pdf" | awk '/^Pages:/ {print $2}') pages) and $(ls "$out"/page-*.png | wc -l) page images"
