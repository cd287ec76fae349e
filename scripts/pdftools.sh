#!/usr/bin/env bash
# Make pdftotext and pdftoppm (poppler-utils) and zbarimg (zbar-tools) available:
# the certificate tests read each PDF's text, draw its page and read its QR code.
#
# Safe to run again and again.
set -euo pipefail

say() { printf 'pdftools.sh: %s\n' "$*"; }

if command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null \
    && command -v zbarimg >/dev/null; then
    say "using $(command -v pdftotext) and $(command -v zbarimg)"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    say "poppler-utils and zbar-tools are not installed, and installing them needs root."
    say "Install them with: sudo apt-get install -y poppler-utils zbar-tools"
    exit 1
fi
say "installing poppler-utils and zbar-tools (apt-get install) ..."
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y poppler-utils zbar-tools
say "using $(command -v pdftotext) and $(command -v zbarimg)"
