#!/usr/bin/env bash
# Set up (if needed) and start the dashboard on http://localhost:8501 (offline default: MNIST).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m streamlit run dashboard/app.py "$@"
