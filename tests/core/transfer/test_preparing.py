"""Feature extraction's progress says the time left at this machine's pace so far, counting
only the photos it computed (cached ones take no time)."""

from __future__ import annotations

from core.transfer.finetune import Preparing


def test_the_time_left_follows_the_pace_of_the_photos_computed() -> None:
    now = [100.0]
    preparing = Preparing(clock=lambda: now[0])
    assert preparing.read()[2] == "reading the photos"
    preparing.update(200, 1000)  # 200 features were cached: no pace yet
    assert "left" not in preparing.read()[2]
    now[0] += 10
    preparing.update(300, 1000)  # 100 photos in 10 s: 700 more take 70 s
    done, total, message = preparing.read()
    assert (done, total) == (300, 1000)
    assert message == "computing features: 300 of 1000 photos, about 70 s left on this computer"
    preparing.update(1000, 1000)
    assert "left" not in preparing.read()[2]
