#!/usr/bin/env bash
# Make Debian's Chromium available for the browser tests (Playwright drives it).
#
# Safe to run again and again. Playwright cannot download its own browser on
# machines without internet access, so the tests use the system Chromium
# (/usr/bin/chromium, or CASERATE_CHROMIUM). Without it, run the tests with
# CASERATE_SKIP_BROWSER=1 to skip the browser half (CI never does).
set -euo pipefail

say() { printf 'chromium.sh: %s\n' "$*"; }
browser="${CASERATE_CHROMIUM:-/usr/bin/chromium}"

if [ -x "$browser" ]; then
    say "using $browser"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    say "Chromium is not installed, and installing it needs root."
    say "Install it with: sudo apt-get install -y chromium   (then run make test again),"
    say "or run the tests without it: CASERATE_SKIP_BROWSER=1 make test"
    exit 0
fi
say "installing Chromium (apt-get install chromium) ..."
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-dejavu-core
say "using $(command -v chromium)"
