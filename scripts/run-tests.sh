#!/usr/bin/env bash
# Runs the whole suite: unit tests, then integration (real OpenSearch node),
# browser (Debian chromium) and slow tests. Exit status is pytest's.
set -uo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PYTHONUNBUFFERED=1
.venv/bin/python -m pytest tests "$@"
rc=$?
# pytest exits 5 when nothing was collected: that is a failure here.
exit $rc
