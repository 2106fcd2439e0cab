#!/usr/bin/env bash
# Set up (if needed) and start the lab on http://localhost:8501 (offline default: MNIST),
# for one person on this computer (bound to 127.0.0.1).
#
#   bash scripts/start.sh --classroom [--cert CERT.pem --key KEY.pem] [streamlit options]
#
# serves a class instead: on every network interface, students join with a class code, the
# teacher's powers need the teacher's password (both printed below), and with a certificate
# the lab is served over HTTPS (phone and tablet cameras need it on a network).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The lab's own command (dashboard/launch.py), as `pip install` gives it on any OS.
exec .venv/bin/cnnlab "$@"
