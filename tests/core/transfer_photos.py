"""A few real monkey/human photos from ../shared, copied into a test's temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

PRIMATES = frozenset(
    {
        "orangutan",
        "gorilla",
        "chimpanzee",
        "gibbon",
        "siamang",
        "guenon",
        "patas",
        "baboon",
        "macaque",
        "langur",
        "colobus",
        "proboscis monkey",
        "marmoset",
        "capuchin",
        "howler monkey",
        "titi",
        "spider monkey",
        "squirrel monkey",
        "Madagascar cat",
        "indri",
    }
)  # ImageNet classes 365-384


def photo_folder(shared: Path, into: Path, per_class: int, skip: int = 0) -> Path:
    """`into/{human,monkey}/` with `per_class` photos each (the first ones after `skip`)."""
    source = shared / "monkey_vs_human" / "train"
    for name in ("human", "monkey"):
        (into / name).mkdir(parents=True, exist_ok=True)
        for path in sorted((source / name).glob("*.jpg"))[skip : skip + per_class]:
            shutil.copy(path, into / name / path.name)
    return into


def held_out(shared: Path, name: str, index: int = -1) -> Path:
    """A photo the small training folders never include (from the end of the sorted list)."""
    return sorted((shared / "monkey_vs_human" / "train" / name).glob("*.jpg"))[index]


def head_run(
    shared: Path,
    into: Path,
    per_class: int,
    name: str | None = None,
    owner=None,
    **settings,
):
    """A finished head-only fine-tuning of EfficientNet-Lite0 on `per_class` photos of each
    class, a quarter held out: (run, photos, config)."""
    from core.transfer.data import photos_from_folder
    from core.transfer.finetune import default_config, make_run
    from core.transfer.net import TransferSpec

    photos = photos_from_folder(photo_folder(shared, into, per_class))
    spec = TransferSpec("efficientnet_lite0", tuple(photos.classes), "head")
    config = default_config("head", "mini", val_fraction=0.25, **settings)
    run = make_run(spec, photos, config, name=name, **({"owner": owner} if owner else {}))
    run.start()
    run.join(300)
    assert run.status == "finished", run.error
    return run, photos, config
