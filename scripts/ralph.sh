#!/usr/bin/env bash
# Make the Learning Record Store (ralph) ready for the xAPI tests, in .venv-lrs.
#
# Safe to run again and again: once ralph is installed, a marker file naming what
# was installed makes the next run end at once. Ralph pins its own versions of many
# libraries (fastapi, httpx, ...), so it lives in a virtual environment of its own,
# never in .venv. The tests start it themselves (tests/lrs.py), keeping the
# statements in a file: no database is needed. PYTHON picks the interpreter.
#
# Ralph's own file backend (`fs`) writes its statements file once and answers every
# later write with "500 Statements bulk indexation failed", because it refuses to
# add to a file that exists. So this script also installs `fsappend`, the same
# backend with one change: each batch is added to the end of the file. Everything
# a sender sees (sign-in, checks, duplicates, conflicts, answers) is ralph's own.
set -euo pipefail
cd "$(dirname "$0")/.."

RALPH_VERSION=5.1.0
APPEND_BACKEND_VERSION=1.0
VENV=.venv-lrs
# Ralph's LRS imports `requests` (for OpenID sign-in), but its `lrs` extra leaves it out.
REQUIREMENTS="ralph-malph[cli,lrs]==$RALPH_VERSION requests>=2.0"
MARKER="$VENV/.installed-ralph-$RALPH_VERSION"
INSTALLED="$REQUIREMENTS caserate-ralph-fsappend==$APPEND_BACKEND_VERSION"
PYTHON="${PYTHON:-python3}"

say() { printf 'ralph.sh: %s\n' "$*"; }

if [ -x "$VENV/bin/ralph" ] && [ "$(cat "$MARKER" 2>/dev/null)" = "$INSTALLED" ]; then
    say "using ralph $RALPH_VERSION in $VENV"
    exit 0
fi

if [ ! -x "$VENV/bin/python" ]; then
    say "creating $VENV with $PYTHON ..."
    if ! "$PYTHON" -m venv "$VENV"; then
        say "could not create $VENV: Python's venv module is missing."
        say "Install it with: sudo apt-get install -y python3-venv   (then run this script again)"
        exit 1
    fi
fi
# Keep the environment out of version control without touching .gitignore.
printf '*\n' >"$VENV/.gitignore"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# The appending backend, as a package that registers it with ralph.
mkdir -p "$scratch/fsappend/caserate_ralph_fsappend"
cat >"$scratch/fsappend/pyproject.toml" <<EOF
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "caserate-ralph-fsappend"
version = "$APPEND_BACKEND_VERSION"
description = "Ralph's file LRS backend, adding each batch of statements to its file."

[project.entry-points."ralph.backends.lrs"]
fsappend = "caserate_ralph_fsappend:AppendingFSLRSBackend"
EOF
cat >"$scratch/fsappend/caserate_ralph_fsappend/__init__.py" <<'EOF'
"""Ralph's file LRS backend, adding each batch of statements to the end of its file.

Ralph's `fs` backend creates its statements file on the first write and refuses
every later one. Settings are the `fs` backend's: RALPH_BACKENDS__LRS__FS__*.
"""

from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend


class AppendingFSLRSBackend(FSLRSBackend):
    """The `fs` LRS backend, appending instead of creating the statements file."""

    default_operation_type = BaseOperationType.APPEND
EOF

say "installing ralph-malph $RALPH_VERSION into $VENV (the first time takes a minute) ..."
rm -f "$VENV"/.installed-ralph-*
# shellcheck disable=SC2086  # one word per requirement
"$VENV/bin/python" -m pip install --quiet --quiet --disable-pip-version-check \
    $REQUIREMENTS "$scratch/fsappend"

# Check that the LRS loads as the tests start it: the appending backend, in a scratch folder.
RALPH_APP_DIR="$scratch" RALPH_RUNSERVER_BACKEND=fsappend \
    RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH="$scratch/data" \
    "$VENV/bin/python" -c "import ralph.api"
printf '%s\n' "$INSTALLED" >"$MARKER"
say "using ralph $RALPH_VERSION in $VENV"
