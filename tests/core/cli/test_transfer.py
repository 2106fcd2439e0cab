"""`python -m core finetune` and `python -m core predict` on real photos."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.cli.main import build_parser, main
from core.cli.transfer import BACKBONE_NAMES, STRATEGY_NAMES
from core.transfer.backbones import BACKBONES
from core.transfer.net import STRATEGIES
from tests.conftest import ROOT
from tests.core.transfer_photos import PRIMATES, held_out, photo_folder


@pytest.fixture(autouse=True)
def lab_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path / "home"))


def test_parser_names_match_the_registries() -> None:
    assert tuple(BACKBONES) == BACKBONE_NAMES
    assert tuple(STRATEGIES) == STRATEGY_NAMES
    args = build_parser().parse_args(["finetune", "--data", "photos"])
    assert (args.backbone, args.strategy, args.two_phase) == ("efficientnet_lite0", "head", 0)


def test_building_the_parser_imports_no_torch() -> None:
    code = "import sys, core.cli.main; core.cli.main.build_parser(); print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


def test_finetune_then_predict(shared_datasets, tmp_path, capsys) -> None:
    folder = photo_folder(shared_datasets, tmp_path / "photos", 8)
    (folder / "monkey" / "broken.jpg").write_bytes(b"not a photo")
    out = tmp_path / "monkey_or_human.pt"
    code = main(["finetune", "--data", str(folder), "--epochs", "2", "--out", str(out), "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "warning: skipped" in captured.err and "broken.jpg" in captured.err
    assert "Iter: 2 >> T_loss" in captured.err
    result = json.loads(captured.out.strip().splitlines()[-1])
    assert result["photos"] == 16 and result["skipped"] == 1 and result["epochs"] == 2
    assert result["classes"] == ["human", "monkey"] and out.is_file()
    assert 0 <= result["best_val_acc"] <= 1

    photos = [held_out(shared_datasets, "monkey"), held_out(shared_datasets, "human")]
    code = main(["predict", "--model", str(out), *map(str, photos), "--json"])
    answers = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [a["file"] for a in answers] == [str(p) for p in photos]
    for answer in answers:
        assert {t["label"] for t in answer["top"]} == {"human", "monkey"}
        assert sum(t["prob"] for t in answer["top"]) == pytest.approx(1, abs=1e-4)


def test_predict_with_the_imagenet_head(shared_datasets, capsys) -> None:
    photo = held_out(shared_datasets, "monkey")
    code = main(["predict", "--model", "imagenet", "--top", "5", str(photo), "--json"])
    [answer] = json.loads(capsys.readouterr().out)
    assert code == 0 and len(answer["top"]) == 5
    assert any(t["label"] in PRIMATES for t in answer["top"])


def test_finetune_explains_a_bad_folder(tmp_path, capsys) -> None:
    (tmp_path / "only_one_class").mkdir()
    assert main(["finetune", "--data", str(tmp_path)]) == 2
    assert "at least two class subfolders" in capsys.readouterr().err


def test_finetune_with_the_course_recipe(shared_datasets, tmp_path, capsys) -> None:
    # 000: Adam, lr 1e-5, StepLR(step_size=3, gamma=0.5); the command line's --epochs wins.
    folder = photo_folder(shared_datasets, tmp_path / "photos", 6)
    code = main(
        ["finetune", "--data", str(folder), "--recipe", "course", "--epochs", "4", "--json"]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    result = json.loads(captured.out.strip().splitlines()[-1])
    config = json.loads((Path(result["run_dir"]) / "config.json").read_text())
    assert (config["optimizer"], config["lr"], config["epochs"]) == ("adam", 1e-5, 4)
    assert (config["schedule"], config["schedule_params"]) == (
        "step",
        {"step_size": 3, "gamma": 0.5},
    )
    history = [json.loads(line) for line in (Path(result["run_dir"]) / "metrics.jsonl").open()]
    assert [round(e["lr"], 12) for e in history] == [1e-5, 1e-5, 1e-5, 5e-6]
