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
# glibc returns a freed buffer of 1 MB or more to the system at once (an upload, a decoded
# photo), instead of keeping it in its arenas (bench/upload_memory.py).
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-1048576}"
exec .venv/bin/python -m streamlit run dashboard/app.py "${options[@]}" "$@"
