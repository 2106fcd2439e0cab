"""`cnnlab`'s options: the lab's Streamlit settings as options, the port, a core command."""

from __future__ import annotations

import tomllib

from dashboard.launch import CONFIG, _parser, _port, main, streamlit_options


def test_the_labs_settings_become_options() -> None:
    options = streamlit_options()
    pairs = dict(zip(options[::2], options[1::2], strict=True))
    assert pairs["--server.address"] == "127.0.0.1"  # this computer only, from any folder
    assert pairs["--client.showErrorDetails"] == "none"  # no traceback for a student
    assert pairs["--browser.gatherUsageStats"] == "false"
    settings = tomllib.loads(CONFIG.read_text())
    assert len(pairs) == sum(len(section) for section in settings.values())


def test_a_streamlit_port_option_wins(monkeypatch) -> None:
    monkeypatch.setenv("CNNLAB_PORT", "8600")
    args, extra = _parser().parse_known_args(["--classroom", "--server.port", "9001"])
    assert args.classroom and _port(args, extra) == 9001
    args, extra = _parser().parse_known_args([])
    assert _port(args, extra) == 8600


def test_a_core_command_runs_and_a_lone_certificate_is_refused(capsys) -> None:
    assert main(["presets"]) == 0
    assert "mnist_fast" in capsys.readouterr().out
    assert main(["--classroom", "--cert", "cert.pem"]) == 2
    assert "--cert and --key go together" in capsys.readouterr().err
