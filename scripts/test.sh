#!/usr/bin/env bash
# Set up (if needed) and run the tests. `--slow` runs the long training/benchmark tests instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ "${1:-}" = "--slow" ]; then
    shift
    exec .venv/bin/python -m pytest -m slow "$@"
fi
# Python may keep compiled modules (this machine's environment says not to): each worker, each
# test's server and each `python -m core` child would otherwise compile the lab's code anew.
export PYTHONDONTWRITEBYTECODE=
# One worker per core, each test file on one worker (its server and browser start once), in
# the order tests/conftest.py gives (longest first).
exec .venv/bin/python -m pytest -n "${CNNLAB_TEST_WORKERS:-auto}" --dist loadfile \
    --no-loadscope-reorder --durations=15 "$@"
