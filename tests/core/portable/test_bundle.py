"""`.cnnlab` bundles: a real run made on one lab home restores on a fresh one as it was, and
hostile bundles (zip slip, bombs, pickle payloads, wrong sizes) are refused with a reason."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
import torch

from core.model.presets import get_preset
from core.portable.bundle import bundle_bytes, bundle_file_name
from core.portable.unbundle import BundleError, import_bundle
from core.runs.run import TrainingRun
from core.training.config import TrainConfig
from core.training.records import IMPORTED_EVALUATION
from core.training.store import list_runs
from tests.core.short_runs import SPEC, finished

PIPELINE = {"steps": [{"type": "horizontal_flip", "params": {"p": 0.5}}]}


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[Path, bytes]:
    """A finished, evaluated MNIST run with an augmentation pipeline, on its own lab home,
    and its bundle (with the builder's model)."""
    from core.training.evaluate import evaluate_run

    with pytest.MonkeyPatch.context() as patch:  # its own lab home, for the whole module
        patch.setenv("CNNLAB_HOME", str(tmp_path_factory.mktemp("home-a")))
        config = TrainConfig(epochs=1, train_limit=200, batch_size=32, augment=PIPELINE)
        run = finished(TrainingRun(SPEC, config, name="내 첫 CNN"))
        assert run.status == "finished", run.error
        evaluate_run(run.run_dir, limit=100)
        yield run.run_dir, bundle_bytes(run.run_dir, builder=get_preset("cifar10_cnn"))


@pytest.fixture
def fresh_home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path / "home-b"))
    return tmp_path / "home-b"


def test_a_run_restores_on_a_fresh_lab_home_as_it_was(made, fresh_home) -> None:
    from core.training.store import run_info
    from core.training.trained import load_trained

    source, data = made
    assert list_runs() == []
    restored = import_bundle(data, "work.cnnlab")
    assert restored.run_dir.parent == fresh_home / "runs" and restored.run_name == "내 첫 CNN"
    assert restored.builder == get_preset("cifar10_cnn")
    [row] = list_runs()
    before, after = run_info(source), row
    for field in ("name", "created", "status", "dataset", "epochs_done", "best_val_acc"):
        assert getattr(after, field) == getattr(before, field), field
    # Its own evaluation is the student's word: kept for her eyes, not this server's number.
    assert before.test_acc is not None and before.test_verified and not before.restored
    assert after.test_acc is None and after.imported_test_acc == before.test_acc
    assert after.restored and after.problem is None
    assert after.config == before.config and after.config["augment"] == PIPELINE
    old, new = load_trained(source), load_trained(restored.run_dir)
    for name, tensor in old.model.state_dict().items():
        assert torch.equal(tensor, new.model.state_dict()[name]), name
    for file in ("metrics.jsonl", IMPORTED_EVALUATION, "last.pt"):
        assert (restored.run_dir / file).is_file()
    assert not (restored.run_dir / "evaluation.json").exists()


def test_a_forged_evaluation_with_a_copied_fingerprint_is_not_taken(made, fresh_home) -> None:
    """{"accuracy": 1.0} with the weights' real SHA-256: only this server writes the file
    a test accuracy is read from."""

    def forge(members: dict) -> None:
        evaluation = json.loads(members["run/evaluation.json"])
        evaluation["accuracy"] = 1.0
        evaluation["measured"]["limit"] = None
        members["run/evaluation.json"] = json.dumps(evaluation).encode()

    restored = import_bundle(_rezip(made[1], forge), "forged.cnnlab")
    [info] = list_runs()
    assert info.run_dir == restored.run_dir and info.test_acc is None
    assert info.imported_test_acc == 1.0 and not info.test_verified and info.restored


def test_a_file_name_comes_from_the_run_name(made) -> None:
    assert bundle_file_name(made[0]) == "내-첫-cnn.cnnlab"


def _rezip(data: bytes, change) -> bytes:
    """The bundle with its members changed by `change(dict name -> bytes)`."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    change(members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def _pickle_payload(marker: Path) -> bytes:
    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    out = io.BytesIO()
    torch.save({"state_dict": Payload()}, out)
    return out.getvalue()


def _other_weights(members: dict) -> None:
    """best.pt of the same spec name but a model with other layer sizes."""
    checkpoint = torch.load(io.BytesIO(members["run/best.pt"]), weights_only=True)
    key = next(k for k, v in checkpoint["state_dict"].items() if v.dim() == 4)
    checkpoint["state_dict"][key] = torch.zeros(3, 1, 5, 5)
    out = io.BytesIO()
    torch.save(checkpoint, out)
    members["run/best.pt"] = out.getvalue()


def _forged_history(members: dict) -> None:
    """best.pt whose history (carried on by Continue) claims 300%."""
    checkpoint = torch.load(io.BytesIO(members["run/best.pt"]), weights_only=True)
    checkpoint["history"][0]["val_acc"] = 3.0
    out = io.BytesIO()
    torch.save(checkpoint, out)
    members["run/best.pt"] = out.getvalue()


HOSTILE = {
    "zip slip": (lambda m: m.update({"../../evil.txt": b"x"}), "never has"),
    "slip inside run": (lambda m: m.update({"run/../../evil.pt": b"x"}), "never has"),
    "absolute path": (lambda m: m.update({"/etc/cron.d/evil": b"x"}), "never has"),
    "big spec": (lambda m: m.update({"run/spec.json": b" " * 2_000_000}), "more than it may"),
    "bomb": (lambda m: m.update({"run/metrics.jsonl": b"\n" * 19_000_000}), "more than it may"),
    "wrong sizes": (_other_weights, "size mismatch|do not fit"),
    "not a spec": (lambda m: m.update({"run/spec.json": b'{"layers": 3}'}), "spec"),
    "no weights": (lambda m: [m.pop("run/best.pt"), m.pop("run/last.pt")], "lacks"),
    "bad config": (lambda m: m.update({"run/config.json": b'{"epochs": -4}'}), "epochs"),
    "bad manifest": (lambda m: m.update({"bundle.json": b'{"format": "zip"}'}), "not a CNN Lab"),
    "broken json": (lambda m: m.update({"run/status.json": b"{not json"}), "not valid JSON"),
    "hacked accuracy": (
        lambda m: m.update({"run/evaluation.json": b'{"accuracy": "hacked"}'}),
        'accuracy is "hacked"',
    ),
    "accuracy 12.5": (
        lambda m: m.update(
            {
                "run/metrics.jsonl": m["run/metrics.jsonl"].replace(
                    b'"val_acc": 0', b'"val_acc": 12.5, "x": 0'
                )
            }
        ),
        "val_acc is 12.5",
    ),
    "NaN loss": (
        lambda m: m.update({"run/metrics.jsonl": b'{"epoch": 1, "val_loss": NaN}\n'}),
        "val_loss is NaN",
    ),
    "negative epoch": (
        lambda m: m.update({"run/batches.jsonl": b'{"epoch": -2, "loss": 0.1}\n'}),
        "epoch is -2",
    ),
    "timings of text": (
        lambda m: m.update({"run/status.json": b'{"name": "x", "timings": "slow"}'}),
        "timings",
    ),
    "forged history": (_forged_history, "val_acc is 3"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_bundle_is_refused_and_leaves_nothing(made, fresh_home, case) -> None:
    change, message = HOSTILE[case]
    with pytest.raises(BundleError, match=message):
        import_bundle(_rezip(made[1], change), "hostile.cnnlab")
    assert list_runs() == [] and not (fresh_home.parent / "evil.txt").exists()


def test_a_pickle_payload_is_refused_and_never_runs(made, fresh_home, tmp_path) -> None:
    marker = tmp_path / "pwned"
    for member in ("run/best.pt", "run/neighbours.pt"):
        data = _rezip(made[1], lambda m, name=member: m.update({name: _pickle_payload(marker)}))
        with pytest.raises(BundleError, match=r"refuses to load|damaged"):
            import_bundle(data, "payload.cnnlab")
    assert not marker.exists() and list_runs() == []


def test_not_a_zip_or_a_twice_named_member_is_refused(made, fresh_home) -> None:
    with pytest.raises(BundleError, match="not a CNN Lab bundle"):
        import_bundle(b"PK\x03\x04 not really a zip", "fake.cnnlab")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive, pytest.warns(UserWarning):
        archive.writestr("bundle.json", b"{}")
        archive.writestr("bundle.json", b"{}")
    with pytest.raises(BundleError, match="twice"):
        import_bundle(out.getvalue(), "twice.cnnlab")


def test_a_lying_size_header_is_caught_while_reading(made, fresh_home) -> None:
    """The central directory (what the size check reads) claims 10 bytes for 500 kB."""
    data = bytearray(_rezip(made[1], lambda m: m.update({"run/spec.json": b" " * 500_000})))
    offset = data.find(b"PK\x01\x02")
    while offset >= 0:
        name_length = int.from_bytes(data[offset + 28 : offset + 30], "little")
        if data[offset + 46 : offset + 46 + name_length] == b"run/spec.json":
            data[offset + 24 : offset + 28] = (10).to_bytes(4, "little")
        offset = data.find(b"PK\x01\x02", offset + 4)
    with pytest.raises(BundleError, match=r"not a CNN Lab bundle|more than it may"):
        import_bundle(bytes(data), "liar.cnnlab")
    assert list_runs() == []


def test_a_model_only_bundle_restores_the_builder(fresh_home) -> None:
    restored = import_bundle(bundle_bytes(builder=get_preset("mnist_fast")), "model.cnnlab")
    assert restored.run_dir is None and restored.builder == get_preset("mnist_fast")


def test_the_cli_exports_and_imports(made, fresh_home, tmp_path, capsys) -> None:
    from core.cli.main import main

    out = tmp_path / "take-home.cnnlab"
    assert main(["export-run", str(made[0]), "--out", str(out)]) == 0
    assert main(["import-run", str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["name"] == "내 첫 CNN" and Path(result["run_dir"]).is_dir()
    (tmp_path / "bad.cnnlab").write_bytes(b"not a zip")
    assert main(["import-run", str(tmp_path / "bad.cnnlab")]) == 2
    assert "error: bad.cnnlab was not restored" in capsys.readouterr().err


def test_in_a_class_a_student_bundles_only_their_own_run_and_owns_what_they_restore(
    made, classroom
) -> None:
    from core.identity.ownership import owner_of
    from core.identity.people import NotAllowed, join, teacher_login

    mina, _ = join("Mina", "KQ7M2P")
    jun, _ = join("Jun", "KQ7M2P")
    teacher, _ = teacher_login("correct horse")
    restored = import_bundle(made[1], "mina.cnnlab", actor=mina)
    assert owner_of("run", restored.run_dir.name) == mina.id
    assert [r.run_dir for r in list_runs(actor=jun)] == []  # hidden from another student
    with pytest.raises(NotAllowed):
        bundle_bytes(restored.run_dir, actor=jun)
    assert bundle_bytes(restored.run_dir, actor=mina) and bundle_bytes(
        restored.run_dir, actor=teacher
    )
