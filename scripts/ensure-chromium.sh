#!/usr/bin/env bash
# End-to-end tests drive Debian's Chromium: Playwright's own browser download is unavailable on
# these machines. Installs it (with the fonts pages need) when it is missing.
set -euo pipefail

browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$browser" ]; then
  exit 0
fi

echo "Chromium not found at $browser; installing Debian's chromium and fonts-liberation…" >&2
if [ "$(id -u)" -eq 0 ]; then
  run=()
elif command -v sudo >/dev/null 2>&1; then
  run=(sudo)
else
  echo "Cannot install Chromium without root: run 'apt-get install chromium fonts-liberation' as root, or set CHROMIUM_PATH." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${run[@]}" apt-get update -qq
"${run[@]}" apt-get install -y -qq chromium fonts-liberation >/dev/null
"$browser" --version >&2
