"""The README's start command serves one person: bound to 127.0.0.1 only. Its classroom
mode binds the network, prints the addresses and the class code (never the teacher's
password beside them: a new one is printed once, apart, and kept in a 0600 file), and serves
HTTPS with a certificate the teacher supplies (made here, self-signed)."""

from __future__ import annotations

import os
import shutil
import signal
import ssl
import stat
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT, _free_port, listening


@contextmanager
def started(home: Path, *args: str, port: int, env: dict | None = None) -> Iterator[Path]:
    log = home / "start.log"
    process = subprocess.Popen(
        ["bash", "scripts/start.sh", *args, "--server.port", str(port)],
        cwd=ROOT,
        env={**os.environ, "CNNLAB_HOME": str(home), "CNNLAB_PORT": str(port), **(env or {})},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # the script execs streamlit: one group to stop
    )
    try:
        deadline = time.monotonic() + 120
        while not listening(port):
            assert process.poll() is None, log.read_text()[-2000:]
            assert time.monotonic() < deadline, log.read_text()[-2000:]
            time.sleep(0.5)
        yield log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def test_the_readme_command_listens_on_127_0_0_1_only(tmp_path: Path) -> None:
    port = _free_port()
    with started(tmp_path, port=port):
        assert listening(port) == {"0100007F"}  # 127.0.0.1, nothing else, no IPv6
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=10) as r:
            assert r.status == 200


def test_classroom_mode_listens_on_the_network_and_prints_how_to_join(tmp_path: Path) -> None:
    port = _free_port()
    env = {"CNNLAB_CLASS_CODE": "KQ7M2P", "CNNLAB_TEACHER_PASSWORD": "correct horse"}
    with started(tmp_path, "--classroom", port=port, env=env) as log:
        assert listening(port) & {"00000000", "00000000000000000000000000000000"}
        text = log.read_text()
        assert "Class code: KQ7M2P" in text
        assert "correct horse" not in text  # the teacher's own password: never printed
        assert f":{port}" in text.split("Students open:")[1].splitlines()[0]


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_classroom_mode_serves_https_with_the_teachers_certificate(tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    port = _free_port()
    with started(tmp_path, "--classroom", "--cert", str(cert), "--key", str(key), port=port) as log:
        context = ssl.create_default_context(cafile=str(cert))
        context.check_hostname = False  # the certificate names 127.0.0.1, not the LAN address
        url = f"https://127.0.0.1:{port}/_stcore/health"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5, context=context) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()[-2000:]
                time.sleep(0.5)
        assert "https://" in log.read_text()
        with pytest.raises(OSError):  # plain http is not served
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=5)


def test_a_new_teachers_password_is_not_among_the_students_lines(tmp_path: Path) -> None:
    port = _free_port()
    with started(tmp_path, "--classroom", port=port) as log:
        text = log.read_text()
        password = (tmp_path / "teacher-password.txt").read_text().strip()
        assert stat.S_IMODE((tmp_path / "teacher-password.txt").stat().st_mode) == 0o600
        assert text.count(password) == 1  # shown once, above and apart from what students see
        students = text[text.index("Students open:") :]
        assert password not in students and "Class code:" in students
        assert password not in (tmp_path / "classroom.json").read_text()
