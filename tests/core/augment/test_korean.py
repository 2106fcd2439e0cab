"""Augmentation errors and preview labels are in the session's language."""

from __future__ import annotations

import pytest

from core.augment.pipeline import Pipeline
from core.augment.specs import AugmentError
from core.i18n import set_language


def test_a_hostile_pipeline_is_refused_in_korean_in_a_korean_session() -> None:
    set_language("ko")
    try:
        with pytest.raises(AugmentError, match="1단계: 알 수 없는 데이터 증강 'warp'"):
            Pipeline.from_json('[{"type": "warp"}]')
        with pytest.raises(AugmentError, match=r"회전의 'degrees'은\(는\) 0에서 180 사이"):
            Pipeline.from_json('[{"type": "rotation", "params": {"degrees": 500}}]')
    finally:
        set_language("en")
