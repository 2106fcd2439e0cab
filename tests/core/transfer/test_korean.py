"""Transfer learning's messages follow the session's language (Korean after set_language)."""

from __future__ import annotations

import pytest

from core.course.exercises import exercise
from core.i18n import _, set_language
from core.transfer.backbones import get_backbone
from core.transfer.data import photos_from_folder
from core.transfer.net import STRATEGIES


def test_transfer_messages_in_korean(tmp_path) -> None:
    set_language("ko")
    try:
        with pytest.raises(FileNotFoundError, match="경로"):
            photos_from_folder(tmp_path / "no-such-folder")
        with pytest.raises(KeyError, match="실습"):
            exercise("no-such-exercise")
        assert _(STRATEGIES["head"]).startswith("특성 추출")
        assert "오프라인" in _(get_backbone("efficientnet_lite0").title)
    finally:
        set_language("en")
    with pytest.raises(FileNotFoundError, match="check the path"):
        photos_from_folder(tmp_path / "no-such-folder")
