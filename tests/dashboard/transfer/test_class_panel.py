"""Test a photo in a class: "monkey or human?" asked about the photo on screen carries the
model's classes as options and a small JPEG of the photo, and nothing larger or other."""

from __future__ import annotations

import pytest

from core.classroom.questions import ask, current


def test_a_photo_question_carries_a_small_jpeg_and_nothing_else(people: tuple) -> None:
    import io

    from PIL import Image

    from dashboard.transfer.class_panel import photo_question

    _mina, _jun, teacher = people
    big = Image.new("RGB", (4000, 3000), (200, 120, 40))
    asked = photo_question(["human", "monkey"], "monkey", big, "The model said monkey (91.0%).")
    assert asked["prompt"] == "human or monkey?" and asked["options"] == ("human", "monkey")
    assert Image.open(io.BytesIO(asked["photo"])).size == (480, 360)
    question = ask(teacher, **asked)
    assert current().photo == asked["photo"] and question.answer == "monkey"
    png = io.BytesIO()
    big.save(png, format="PNG")
    for photo in (png.getvalue(), b"\xff\xd8\xff" + b"0" * 500_000):
        with pytest.raises(ValueError, match="JPEG of at most 400 kB"):
            ask(teacher, "x?", "choice", "a", ("a", "b"), photo=photo)
