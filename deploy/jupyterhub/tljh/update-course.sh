#!/usr/bin/env bash
# Pull the newest course from its git repository (run nightly by caserate-course-update.timer).
#
# Learners' servers that are running keep the version they started with; the
# idle culler stops them after 30 minutes without use, and their next start
# uses the new version. Records are migrated to a new schema, if any, when a
# learner's page first opens them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$here/common.sh"
require_tljh_root

before="$(git -C "$COURSE" rev-parse HEAD)"
git -C "$COURSE" pull --ff-only --quiet
after="$(git -C "$COURSE" rev-parse HEAD)"
if [ "$before" = "$after" ]; then
    say "the course is up to date ($after)"
    exit 0
fi
chmod -R a+rX "$COURSE"
if ! git -C "$COURSE" diff --quiet "$before" "$after" -- pyproject.toml; then
    say "the course's dependencies changed: reinstalling ..."
    "$USER_PYTHON" -m pip install --quiet -e "$COURSE"
fi
if ! git -C "$COURSE" diff --quiet "$before" "$after" -- deploy/jupyterhub/tljh/caserate.py; then
    "$(command -v tljh-config || echo "$TLJH/hub/bin/tljh-config")" reload hub
fi
say "updated the course from $before to $after"
