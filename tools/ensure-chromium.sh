#!/usr/bin/env bash
# Make sure a Chromium is available for kaleido's static figure export.
# Order: $BROWSER_PATH, then chromium/chromium-browser/google-chrome on PATH,
# then (as root, on Debian/Ubuntu) `apt-get install chromium`. Never downloads a
# browser build of its own.
set -u
for c in "${BROWSER_PATH:-}" chromium chromium-browser google-chrome; do
  [ -n "$c" ] && command -v "$c" >/dev/null 2>&1 && { echo "chromium: $(command -v "$c")"; exit 0; }
done
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "chromium: not found; installing Debian's chromium package (needed for static figures)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    && { echo "chromium: $(command -v chromium)"; exit 0; }
fi
cat >&2 <<'MSG'
chromium: NOT FOUND, and it could not be installed automatically.
  Static PNG copies of the figures need a Chromium (kaleido drives it headless).
  Install one, then re-run make:
    Debian/Ubuntu:  sudo apt-get install chromium
    macOS:          brew install --cask chromium
    or point BROWSER_PATH at an existing Chrome/Chromium binary.
  Interactive figures still work without it; only the static image is missing.
MSG
exit 1
