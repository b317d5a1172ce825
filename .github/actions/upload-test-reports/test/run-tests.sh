#!/usr/bin/env bash
# Runs the action's script against a local recording server, with GITHUB_* variables set as Actions sets them.
set -euo pipefail
cd "$(dirname "$0")"
if command -v shellcheck >/dev/null 2>&1; then
  shellcheck ../upload-test-reports.sh
else
  echo "shellcheck is not installed: the lint is skipped"
fi
exec python3 -m unittest discover -s . -v
