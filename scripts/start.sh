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
options=()
if [ "${1:-}" = "--classroom" ]; then
    shift
    export CNNLAB_CLASSROOM=1
    port="${CNNLAB_PORT:-8501}"
    https=()
    while [ $# -gt 0 ]; do
        case "$1" in
            --cert) options+=(--server.sslCertFile "$2"); https=(--https); shift 2 ;;
            --key) options+=(--server.sslKeyFile "$2"); shift 2 ;;
            *) break ;;
        esac
    done
    options+=(--server.address 0.0.0.0 --server.port "$port")
    .venv/bin/python -m core classroom --port "$port" "${https[@]}"
fi
# Two glibc arenas, not one per thread: thirty students' trainings and uploads left 350 MB
# in per-thread arenas after the class (+31 MB with two, and no slower; bench/class_load.py).
# MALLOC_MMAP_THRESHOLD_=1 MB also gave the memory back, but trained 55% slower.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec .venv/bin/python -m streamlit run dashboard/app.py "${options[@]}" "$@"
