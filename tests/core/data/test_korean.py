"""The data layer speaks the session's language: titles, import errors, quality findings."""

from __future__ import annotations

import pytest
from PIL import Image

from core.data.custom import dataset_slug
from core.data.datasets import BUILTIN, get_info
from core.data.quality import image_facts, quality_report
from core.i18n import set_language


def test_dataset_texts_errors_and_findings_are_korean_in_a_korean_session() -> None:
    set_language("ko")
    try:
        assert get_info("mnist").title == "MNIST (손글씨 숫자)"
        assert BUILTIN["mnist"].title == "MNIST (handwritten digits)"  # the msgid stays
        with pytest.raises(ValueError, match="기본 제공 데이터셋의 이름입니다"):
            dataset_slug("MNIST")
        facts = [image_facts("train/a/1.png", "train", "a", Image.new("RGB", (8, 8)))]
        checks = {finding.check for finding in quality_report(facts, ["a", "b"])}
        assert {"빈 클래스", "아주 작은 이미지"} <= checks
    finally:
        set_language("en")
