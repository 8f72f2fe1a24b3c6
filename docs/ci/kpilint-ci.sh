#!/usr/bin/env bash
# kpilint in any CI: writes reports next to the drafts and fails the build on errors.
#   usage: kpilint-ci.sh [DRAFTS_DIR] [REPORT_DIR]
# Exit code: 0 clean, 1 findings at or above error, 2 unreadable input or bad configuration.
# Needs kpilint installed first — from its repository or a wheel built from it, as it is not
# on the package index (docs/quickstart.md).
set -u
drafts="${1:-drafts}"
reports="${2:-kpilint-reports}"
mkdir -p "$reports"
kpilint check "$drafts" --format json  --output "$reports/kpilint.json"
kpilint check "$drafts" --format sarif --output "$reports/kpilint.sarif"
kpilint check "$drafts" --format junit --output "$reports/kpilint-junit.xml"
kpilint check "$drafts"                 # the human-readable report in the build log
status=$?
echo "kpilint: exit $status (reports in $reports/)"
exit "$status"
