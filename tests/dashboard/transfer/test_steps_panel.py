"""The preprocessing table: a picture's numbers are pixels, the tensor's are scaled, then
normalised; no empty cells."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _panel() -> None:
    from PIL import Image

    from core.transfer.backbones import get_backbone
    from core.transfer.inference import preprocess_steps
    from dashboard.transfer.photo_panel import steps_panel

    photo = Image.new("RGB", (320, 200), (255, 0, 0))
    photo.putpixel((0, 0), (0, 0, 0))
    steps_panel(preprocess_steps(photo, get_backbone("efficientnet_lite0")))


def test_every_step_has_its_smallest_and_largest_number() -> None:
    at = AppTest.from_function(_panel, default_timeout=60).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert not table[["min", "max"]].isna().any().any()
    assert (table["min"].iloc[0], table["max"].iloc[0]) == (0, 255)  # the photo's pixels
    scaled = table[table["step"] == "to tensor"].iloc[0]
    assert (scaled["min"], scaled["max"]) == (0, 1)
    assert table["min"].iloc[-1] < 0  # normalised: below the mean is negative


def test_the_page_says_why_it_crops_where_the_course_resizes() -> None:
    """001:30: "224 x 224 픽셀과 같은 미리 정의된 크기로 크기를 조정한다"."""
    at = AppTest.from_function(_panel, default_timeout=60).run()
    [why] = [c.value for c in at.caption if "The course" in c.value]
    assert "resizes straight to 224×224" in why and "shorter side to 256" in why
