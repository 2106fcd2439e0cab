"""Built-in datasets load offline through real torchvision; the numbers shown are checked."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest
import torch

from core.data import sources
from core.data.datasets import BUILTIN, is_available, list_datasets, load_dataset, sample_images
from core.data.errors import DatasetUnavailable, SourceError
from core.data.stats import channel_stats, class_counts, one_batch
from tests.core.zips import png_bytes

# Hand-checked: the published per-digit counts of MNIST's training set.
MNIST_TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("datasets-home")


@pytest.fixture(autouse=True)
def _home(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNNLAB_HOME", str(home))


def test_interface() -> None:
    assert list(BUILTIN) == ["mnist", "fashion_mnist", "cifar10", "emnist_letters"]
    assert list_datasets()[:4] == ["mnist", "fashion_mnist", "cifar10", "emnist_letters"]
    for info in BUILTIN.values():
        assert len(info.mean) == len(info.std) == info.input_shape[0]
        assert len(info.classes) == (26 if info.name == "emnist_letters" else 10)


def test_mnist_loads_offline_with_known_counts_and_stats() -> None:
    assert is_available("mnist")
    train = load_dataset("mnist")
    assert len(train) == 60_000 and len(load_dataset("mnist", "test")) == 10_000
    assert train.classes == BUILTIN["mnist"].classes
    assert list(class_counts("mnist").values()) == MNIST_TRAIN_COUNTS
    mean, std, used = channel_stats("mnist")
    pixels = train.data.float() / 255  # torch's own answer over all 47 M pixels
    assert used == 60_000
    assert mean[0] == pytest.approx(pixels.mean().item(), abs=1e-5)
    assert std[0] == pytest.approx(pixels.std(unbiased=False).item(), abs=1e-5)
    assert BUILTIN["mnist"].mean[0] == pytest.approx(mean[0], abs=1e-4)
    assert BUILTIN["mnist"].std[0] == pytest.approx(std[0], abs=1e-4)


def test_fashion_mnist_from_debian() -> None:
    if sources.fashion_folder() is None:
        pytest.skip("needs Debian's dataset-fashion-mnist (scripts/setup.sh installs it)")
    train = load_dataset("fashion_mnist")
    assert len(train) == 60_000 and train.classes[0] == "T-shirt/top"
    assert set(class_counts("fashion_mnist", "test").values()) == {1000}
    pixels = train.data.float() / 255
    assert BUILTIN["fashion_mnist"].mean[0] == pytest.approx(pixels.mean().item(), abs=1e-4)
    assert BUILTIN["fashion_mnist"].std[0] == pytest.approx(
        pixels.std(unbiased=False).item(), abs=1e-4
    )


def test_transform_samples_and_batch_shape() -> None:
    from torchvision.transforms import v2

    ds = load_dataset("mnist", "test", transform=v2.Compose([v2.PILToTensor()]))
    image, label = ds[0]
    assert image.shape == (1, 28, 28) and label == 7  # the first test digit is a 7
    assert load_dataset("mnist", "test")[0][0].mode == "L"  # the cached copy has no transform
    assert image.unsqueeze(0).shape == (1, 1, 28, 28)
    samples = sample_images("mnist", 5, seed=1)
    assert len(samples) == 5 and samples == sample_images("mnist", 5, seed=1)
    assert all(name in BUILTIN["mnist"].classes for _, name in samples)
    batch, labels = one_batch("mnist", 8, "test")
    assert batch.shape == (8, 1, 28, 28) and batch.dtype == torch.float32 and len(labels) == 8
    assert batch.min() >= 0.0 and batch.max() <= 1.0


def test_cifar_without_a_copy_says_how_to_get_it() -> None:
    if is_available("cifar10"):
        pytest.skip("a CIFAR-10 copy is already imported in this home")
    with pytest.raises(DatasetUnavailable, match="train/<class>") as caught:
        load_dataset("cifar10", download=False)
    assert "import_cifar10" in caught.value.how_to_get
    with pytest.raises(DatasetUnavailable, match="no dataset by that name"):
        load_dataset("imagenet")


def _mini_cifar_tar(tmp_path: Path) -> Path:
    """CIFAR-10's JPEG layout with two tiny images per class and split, as a .tar.gz."""
    archive = tmp_path / "mini-cifar.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for split in ("train", "test"):
            for k, name in enumerate(sources.CIFAR10_CLASSES):
                for i in range(2):
                    data = png_bytes(100 * k + i + (50 if split == "test" else 0), (32, 32))
                    info = tarfile.TarInfo(f"cifar10/{split}/{name}/{i:04d}.jpg")
                    info.size = len(data)
                    tar.addfile(info, io.BytesIO(data))
    return archive


def test_cifar_from_an_archive_and_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path / "home"))
    folder = sources.import_cifar10(_mini_cifar_tar(tmp_path))
    assert folder == sources.cifar_extracted_dir() and is_available("cifar10")
    test = load_dataset("cifar10", "test")
    assert len(test) == 20 and test.classes == sources.CIFAR10_CLASSES
    assert test[0][0].mode == "RGB" and test[0][0].size == (32, 32)
    assert not list((tmp_path / "home" / "cache").glob(".tmp-*"))
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path / "home2"))
    assert sources.import_cifar10(folder) == folder  # a folder is used where it is
    assert class_counts("cifar10") == dict.fromkeys(sources.CIFAR10_CLASSES, 2)


def test_unsafe_tar_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path / "home"))
    archive = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("../../evil.txt")
        info.size = 4
        tar.addfile(info, io.BytesIO(b"evil"))
    with pytest.raises(SourceError, match="unsafe"):
        sources.import_cifar10(archive)
    assert not (tmp_path / "evil.txt").exists() and not list(tmp_path.rglob("evil.txt"))


@pytest.mark.slow
def test_cifar_from_the_shared_jpegs(shared_datasets: Path) -> None:
    sources.import_cifar10(shared_datasets / "cifar10-jpg.tar.gz")
    assert len(load_dataset("cifar10")) == 50_000 and len(load_dataset("cifar10", "test")) == 10_000
    assert set(class_counts("cifar10").values()) == {5000}
    mean, std, _ = channel_stats("cifar10", limit=5000)
    # JPEG re-compression moves the values slightly from the original binary batches.
    assert mean == pytest.approx(BUILTIN["cifar10"].mean, abs=0.01)
    assert std == pytest.approx(BUILTIN["cifar10"].std, abs=0.01)


def test_runs_starting_together_load_a_dataset_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ten Starts at the same moment (a class): one of them parses the files, the others
    get the same loaded dataset, not ten loads at once."""
    import threading

    from core.data import datasets

    loads = []
    real = datasets._load

    def counted(*args: object, **kwargs: object) -> object:
        loads.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(datasets, "_load", counted)
    datasets._load_once.cache_clear()
    together, got = threading.Barrier(10), []

    def start() -> None:
        together.wait()
        got.append(load_dataset("mnist", "test"))

    threads = [threading.Thread(target=start) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(loads) == 1 and len(got) == 10
    assert all(dataset is got[0] for dataset in got)
