"""The bad-input corpus: hostile or broken inputs, each generated here, each refused with
the project's own clear message, and the lab keeps working afterwards."""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
import torch

from core.errors import SpecError
from core.images import ImageError, open_rgb
from core.model.presets import get_preset
from core.model.spec_io import spec_from_bytes
from core.training.store import load_weights_file
from tests.core.zips import make_zip, png_bytes, with_member


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path / "lab"))
    return tmp_path / "lab"


def _jpeg() -> bytes:
    out = io.BytesIO()
    open_rgb(io.BytesIO(png_bytes(1, (64, 64)))).save(out, format="JPEG")
    return out.getvalue()


def _png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def test_truncated_jpeg() -> None:
    with pytest.raises(ImageError):
        open_rgb(io.BytesIO(_jpeg()[:200]))
    assert open_rgb(io.BytesIO(_jpeg())).size == (64, 64)  # still works afterwards


def test_png_with_a_huge_declared_size() -> None:
    with pytest.raises(ImageError, match="pixels"):
        open_rgb(io.BytesIO(_png_declaring(100_000, 100_000)))


def test_zip_with_parent_entries_writes_nothing_outside(home: Path, tmp_path: Path) -> None:
    from core.data.errors import DatasetImportError
    from core.data.importers import import_zip

    data = make_zip({"cats": 3, "dogs": 3}, extra={"../../escaped.png": png_bytes(99)})
    with pytest.raises(DatasetImportError):
        import_zip(data, "sneaky")
    assert not list(tmp_path.rglob("escaped.png"))
    assert import_zip(make_zip({"cats": 3, "dogs": 3}), "fine").classes == ["cats", "dogs"]


def test_zip_bomb() -> None:
    from core.data.errors import DatasetImportError
    from core.data.importers import import_zip

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("cats/a.png", b"\0" * 40_000_000)  # 40 MB of zeros: ~40 kB packed
        zf.writestr("dogs/b.png", png_bytes(2))
    with pytest.raises(DatasetImportError, match=r"(?i)bomb|compress"):
        import_zip(out.getvalue(), "bomb")


def test_spec_with_ten_thousand_layers() -> None:
    data = json.dumps({"input_shape": [1, 28, 28], "layers": [{"type": "relu"}] * 10_000})
    with pytest.raises(SpecError, match="at most 200"):
        spec_from_bytes(data.encode())


def test_nan_producing_learning_rate() -> None:
    from core.runs.run import TrainingRun
    from core.training.config import TrainConfig

    config = TrainConfig(train_limit=200, epochs=2, optimizer="sgd", lr=1e5, momentum=0.0)
    run = TrainingRun(get_preset("mnist_1filter"), config, name="too-fast")
    run.start()
    run.join(timeout=120)
    snapshot = run.snapshot()
    assert snapshot.status == "failed"
    assert "the loss became" in snapshot.error
    assert "learning rate 100000 is probably too high" in snapshot.error


class _Payload:
    """Unpickling this would create a file: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_pickle_checkpoint_with_a_payload_is_refused(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.pt"
    torch.save({"state_dict": {}, "payload": _Payload(marker)}, path)
    with pytest.raises(ValueError, match="refuses to load"):
        load_weights_file(path)
    assert not marker.exists()
    good = tmp_path / "good.pt"
    torch.save({"state_dict": {"w": torch.ones(2)}}, good)
    assert load_weights_file(good)["state_dict"]["w"].sum() == 2


def _thin_png(width: int, height: int) -> bytes:
    """A real (decodable) image of extreme shape: a few hundred bytes as PNG."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize("size", [(30_000, 1), (200_000, 1), (1, 10_000), (10_000, 50)])
def test_extremely_thin_images_are_refused_before_any_resize(size: tuple[int, int]) -> None:
    data = _thin_png(*size)
    assert len(data) < 20_000  # tiny files: the danger is what a resize makes of them
    with pytest.raises(ImageError, match="too thin"):
        open_rgb(data)


def test_the_widest_accepted_photo_stays_small_through_the_transfer_preprocessing() -> None:
    from core.images import MAX_ASPECT
    from core.transfer.backbones import get_backbone
    from core.transfer.inference import preprocess_steps

    photo = open_rgb(_thin_png(MAX_ASPECT * 10, 10))  # the most extreme shape that opens
    steps = preprocess_steps(photo, get_backbone("efficientnet_lite0"))
    resized = steps[1].shape
    assert resized[0] == 256 and resized[1] <= 256 * MAX_ASPECT
    assert steps[-1].shape == (1, 3, 224, 224)


def test_predict_reports_a_thin_image_and_answers_the_others(tmp_path: Path) -> None:
    from core.transfer.inference import load_model, predict_files

    thin, fine = tmp_path / "thin.png", tmp_path / "fine.png"
    thin.write_bytes(_thin_png(30_000, 1))
    fine.write_bytes(png_bytes(3, (64, 64)))
    bad, good = predict_files(load_model("imagenet"), [thin, fine], k=3)
    assert "too thin" in bad["error"] and len(good["top"]) == 3


def _bad_checkpoints(folder: Path) -> dict[str, Path]:
    """Every kind of bad `.pt` a student may pass to `predict --model FILE`."""
    import os
    import pickle

    class Payload:
        def __reduce__(self):
            return (os.system, ("echo PWNED",))

    files = {name: folder / f"{name}.pt" for name in ("text", "empty", "list", "pickle")}
    files["text"].write_text("hello world\n")
    files["empty"].write_bytes(b"")
    torch.save([1, 2, 3], files["list"])
    files["pickle"].write_bytes(pickle.dumps(Payload()))
    whole = folder / "whole.pt"
    torch.save({"a": torch.zeros(100)}, whole)
    files["truncated"] = folder / "truncated.pt"
    files["truncated"].write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    transfer = {"format": "cnnlab-transfer/1", "backbone": "efficientnet_lite0"}
    transfer |= {"strategy": "head", "classes": ["a", "b"]}
    files["other_weights"] = folder / "other_weights.pt"
    torch.save({**transfer, "state_dict": {"fc.weight": torch.zeros(3, 3)}}, files["other_weights"])
    files["no_classes"] = folder / "no_classes.pt"
    torch.save({**transfer, "classes": 5, "state_dict": {}}, files["no_classes"])
    files["plain_dict"] = folder / "plain_dict.pt"
    torch.save({"a": torch.zeros(1)}, files["plain_dict"])
    return files


@pytest.mark.parametrize(
    "kind",
    ["text", "empty", "list", "pickle", "truncated", "other_weights", "no_classes", "plain_dict"],
)
def test_predict_with_a_bad_model_file_says_so_in_one_line(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from core.cli.main import main

    bad = _bad_checkpoints(tmp_path)[kind]
    photo = tmp_path / "photo.png"
    photo.write_bytes(png_bytes(1, (64, 64)))
    assert main(["predict", "--model", str(bad), str(photo)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and bad.name in err and err.count("\n") == 1, err
    assert "Traceback" not in err and "weights_only" not in err and "PWNED" not in err


def test_a_zip_from_korean_windows_keeps_its_class_names() -> None:
    from core.data.importers import import_zip
    from tests.core.zips import windows_korean_zip

    info = import_zip(windows_korean_zip({"원숭이": 2, "사람": 2}), "classes")
    assert info.classes == ["사람", "원숭이"]  # not "┐°╝■└╠"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("inf : 1e-3, 1e-4", "boundar"),
        ("1e400 : 1e-3, 1e-4", "boundar"),
        ("3 : -1, 1e-4", "learning rate"),
        ("3 : 1e308, 1e-4", "learning rate"),
    ],
)
def test_piecewise_schedule_text_out_of_range(text: str, words: str) -> None:
    from core.training.config import ConfigError, TrainConfig, parse_piecewise

    with pytest.raises(ConfigError, match=f"(?i){words}"):
        TrainConfig(schedule="piecewise", schedule_params=parse_piecewise(text))


def test_a_panorama_on_the_convolution_page_is_refused_not_squashed() -> None:
    from core.convlab.kernels import load_gray

    with pytest.raises(ImageError, match="too thin"):
        load_gray(_thin_png(10_000, 50))  # became a 1x192 "photo"


@pytest.fixture(scope="module")
def poor_bundle(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real run's bundle whose weights barely learned (one epoch at a useless rate)."""
    from core.portable.bundle import bundle_bytes
    from core.runs.run import TrainingRun
    from core.training.config import TrainConfig

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CNNLAB_HOME", str(tmp_path_factory.mktemp("forger")))
        config = TrainConfig(epochs=1, train_limit=100, lr=1e-6, preset="mnist_fast")
        run = TrainingRun(get_preset("mnist_fast"), config, name="poor")
        run.start()
        run.join(120)
        assert run.status == "finished", run.error
        return bundle_bytes(run.run_dir)


def _forgeries() -> dict[str, tuple[str, bytes, str]]:
    """(member, content, a word the refusal names) for a wrong value in every field."""
    from core.training import records

    cases = {
        "accuracy hacked": ("run/evaluation.json", b'{"accuracy": "hacked"}', "hacked"),
        "val_acc 12.5": ("run/metrics.jsonl", b'{"epoch": 1, "val_acc": 12.5}\n', "12.5"),
        "NaN loss": ("run/metrics.jsonl", b'{"epoch": 1, "train_loss": NaN}\n', "NaN"),
        "inf loss": ("run/batches.jsonl", b'{"epoch": 1, "loss": Infinity}\n', "Infinity"),
        "negative epochs": ("run/metrics.jsonl", b'{"epoch": -5}\n', "-5"),
        "a list of records": ("run/metrics.jsonl", b"[1, 2]\n", "metrics.jsonl"),
    }
    for key in records.EPOCH_FIELDS:
        line = {"epoch": 1, key: "wrong"}
        cases[f"metrics {key}"] = ("run/metrics.jsonl", json.dumps(line).encode(), key)
    for key in records.BATCH_FIELDS:
        line = {"epoch": 1, key: ["wrong"]}
        cases[f"batches {key}"] = ("run/batches.jsonl", json.dumps(line).encode(), key)
    for key in records.EVALUATION:
        data = {"accuracy": 0.5, key: "wrong"} if key != "accuracy" else {key: "0.5"}
        cases[f"evaluation {key}"] = ("run/evaluation.json", json.dumps(data).encode(), key)
    for key in ("created", "error", "stopped_reason", "timings"):
        data = {"name": "x", "status": "finished", key: [1]}
        cases[f"status {key}"] = ("run/status.json", json.dumps(data).encode(), key)
    cases["status name"] = ("run/status.json", b'{"name": ["x"]}', "status")
    return cases


FORGERIES = _forgeries()


@pytest.mark.parametrize("case", list(FORGERIES))
def test_a_bundle_with_a_forged_value_is_refused_naming_it(poor_bundle: bytes, case: str) -> None:
    from core.portable.unbundle import BundleError, import_bundle
    from core.training.store import list_runs

    member, content, word = FORGERIES[case]
    with pytest.raises(BundleError) as refused:
        import_bundle(with_member(poor_bundle, member, content), "forged.cnnlab")
    assert word in str(refused.value) and "Traceback" not in str(refused.value)
    assert list_runs() == []
    assert import_bundle(poor_bundle, "honest.cnnlab").run_dir is not None  # still works


def test_a_forged_perfect_score_is_kept_as_the_students_word_only(poor_bundle: bytes) -> None:
    from core.classroom.report import class_rows
    from core.portable.unbundle import import_bundle
    from core.training.store import list_runs

    forged = with_member(poor_bundle, "run/evaluation.json", b'{"accuracy": 1.0}')
    import_bundle(forged, "perfect.cnnlab")
    [run] = list_runs()
    assert run.test_acc is None and run.imported_test_acc == 1.0 and run.restored
    [row] = class_rows([run])
    assert row["test_acc"] is None and "not verified" in row["problem"]
