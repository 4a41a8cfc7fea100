#!/usr/bin/env bash
# The console's browser tests drive Debian's Chromium through its ChromeDriver. Installs both packages when
# they are missing, so that `mvn verify` works on a fresh Debian or Ubuntu machine; elsewhere, says what to
# install and fails. Run by the apogee-console build before its tests, and by .ci/run.
set -euo pipefail
chromium="${APOGEE_CHROMIUM:-/usr/bin/chromium}"
driver="${APOGEE_CHROMEDRIVER:-/usr/bin/chromedriver}"
if [[ -x "$chromium" && -x "$driver" ]]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "The console's browser tests need Chromium at $chromium and ChromeDriver at $driver;" \
       "install them (Debian: chromium and chromium-driver) or skip the console's tests." >&2
  exit 1
fi
sudo=()
if [[ "$(id -u)" -ne 0 ]]; then
  sudo=(sudo)
fi
echo "Installing Debian's chromium and chromium-driver for the console's browser tests..." >&2
"${sudo[@]}" apt-get update -q >&2
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium chromium-driver >&2
