"""A run on a Ray cluster, driven in the browser: a head of our own on 127.0.0.1 (2 CPUs) and
the lab started with CNNLAB_RAY_ADDRESS pointing at it.

The Train page shows the worker's batches arriving, pauses and resumes it, passes on a new
learning rate; a worker killed (SIGKILL) mid-run leaves the run interrupted with its last
checkpoint, and the Runs page's Continue trains it on (through the cluster again) to its end.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.core.cluster.ray_head import actor_pid, local_head
from tests.e2e.conftest import (
    expect_no_exception,
    open_app_page,
    screenshot,
    start_server,
    stop_server,
    wait_idle,
)
from tests.e2e.streamlit_ui import click_button, widget

pytestmark = pytest.mark.slow

NEW_LR = 0.0003


def _small_long_run(page) -> None:
    """2,000 images (29 batches an epoch, under a second each) for 100 epochs: each epoch
    brings a checkpoint quickly, and the run is far from its end when the worker is killed."""
    slider = widget(page, "stSlider", "Training images").get_by_role("slider")
    slider.press("Home")  # 500
    wait_idle(page)
    for _ in range(2):  # 1,000, then 2,000
        slider.press("ArrowRight")
        wait_idle(page)
    expect(widget(page, "stSlider", "Training images")).to_contain_text("2000")
    epochs = widget(page, "stNumberInput", "Epochs").locator("input")
    epochs.fill("100")
    epochs.press("Tab")
    wait_idle(page)


def _progress(page):
    """The live panel's progress line: "**name**: status, epoch n of m"."""
    return page.locator("[data-testid='stProgress']").first


def _click_until(page, button: str, status: str) -> None:
    """Click until the progress line says `status`: the live panel redraws every second, and
    a click that lands during a redraw can be lost."""
    for _ in range(10):
        page.get_by_role("button", name=button, exact=True).click()
        try:
            expect(_progress(page)).to_contain_text(status, timeout=5_000)
            return
        except AssertionError:
            continue
    expect(_progress(page)).to_contain_text(status, timeout=1)


def _records(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _wait_for(what, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while not (value := what()):
        assert time.monotonic() < deadline, f"still not true after {seconds} s"
        time.sleep(0.2)
    return value


def test_a_ray_run_in_the_browser_survives_its_worker_and_continues(
    browser, tmp_path: Path
) -> None:
    pytest.importorskip("ray")
    started = time.monotonic()
    home = tmp_path / "lab"
    with local_head(env={"CNNLAB_HOME": str(home)}) as address:
        server, url = start_server(
            home, tmp_path / "server.log", env={"CNNLAB_RAY_ADDRESS": address}
        )
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(60_000)
        try:
            open_app_page(page, url, "training")
            _small_long_run(page)
            click_button(page, "Start training")

            # The worker's batches reach the live panel: its speed, the per-batch charts.
            expect(page.get_by_role("button", name="Pause", exact=True)).to_be_enabled(
                timeout=120_000
            )
            expect(page.locator(".st-key-train_batch_chart")).to_be_visible(timeout=120_000)
            expect(page.locator(".st-key-train_lr_chart")).to_be_visible()
            speed = page.locator("[data-testid='stMetric']").filter(has_text="Images / s")
            expect(speed.locator("[data-testid='stMetricValue']")).not_to_have_text("-")
            expect(_progress(page)).to_contain_text("training")
            screenshot(page, "ray_training")

            # Pause and resume reach the worker.
            _click_until(page, "Pause", "paused")
            expect(page.get_by_role("button", name="Resume", exact=True)).to_be_visible()
            screenshot(page, "ray_paused")
            _click_until(page, "Resume", "training")

            # A new learning rate from the next batch: the page says so, the worker uses it.
            lr = widget(page, "stNumberInput", "Learning rate from the next batch")
            lr.locator("input").fill(str(NEW_LR))
            lr.locator("input").press("Tab")
            wait_idle(page)
            page.get_by_role("button", name="Apply", exact=True).click()
            expect(
                page.get_by_text(f"Learning rate set to {NEW_LR:g} from the next batch.")
            ).to_be_visible()
            (run_dir,) = (home / "runs").iterdir()
            _wait_for(
                lambda: any(
                    b["lr"] == pytest.approx(NEW_LR) for b in _records(run_dir / "batches.jsonl")
                )
            )
            log = page.locator("[data-testid='stCode']").filter(has_text="Iter: 1 >>").first
            expect(log).to_be_visible()
            assert (run_dir / "last.pt").is_file()
            expect_no_exception(page)

            # The worker is killed mid-run: the run is interrupted, its checkpoint kept.
            pid = actor_pid(address, "WorkerTraining")
            assert pid != server.pid
            expect(_progress(page)).to_contain_text("training")
            os.kill(pid, signal.SIGKILL)
            expect(_progress(page)).to_contain_text(
                "interrupted (its cluster worker stopped)", timeout=60_000
            )
            error = page.locator("[data-testid='stAlertContentError']").first
            expect(error).to_contain_text("The cluster worker training this run stopped")
            expect(error).to_contain_text("is kept: continue the run on the Runs page")
            expect(page.get_by_text("Trained on the Ray cluster: ")).to_be_visible()
            expect_no_exception(page)
            screenshot(page, "ray_interrupted")
            status = json.loads((run_dir / "status.json").read_text())
            assert status["status"] == "interrupted"
            timings = status["timings"]
            assert timings["executor"] == "ray" and timings["device"]
            assert timings["worker"]["pid"] == pid
            kept = len(_records(run_dir / "metrics.jsonl"))
            assert 1 <= kept < 100

            # The Runs page: interrupted; Continue trains one more epoch on the cluster.
            open_app_page(page, url, "runs")
            expect(page.get_by_text("interrupted").first).to_be_attached()
            table = page.locator("[data-testid='stDataFrame']").first.bounding_box()
            page.mouse.click(table["x"] + 8, table["y"] + 35 + 17)
            wait_idle(page)
            screenshot(page, "ray_runs_interrupted")
            more = widget(page, "stNumberInput", "More epochs").locator("input")
            more.fill("1")
            more.press("Tab")
            wait_idle(page)
            click_button(page, "Continue")
            expect(page.get_by_role("heading", name="Train a CNN")).to_be_visible()
            expect(_progress(page)).to_contain_text("finished", timeout=180_000)
            expect(_progress(page)).to_contain_text(f"epoch {kept + 1} of {kept + 1}")
            expect(page.get_by_text("Trained on the Ray cluster: ")).to_be_visible()
            expect_no_exception(page)
            screenshot(page, "ray_continued")
            epochs = _records(run_dir / "metrics.jsonl")
            assert [e["epoch"] for e in epochs] == list(range(1, kept + 2))
            status = json.loads((run_dir / "status.json").read_text())
            assert status["status"] == "finished"
            assert status["timings"]["executor"] == "ray"
            assert status["timings"]["worker"]["pid"] != pid

            open_app_page(page, url, "runs")
            expect(page.get_by_text("finished").first).to_be_attached()
            expect(page.get_by_text("interrupted")).to_have_count(0)
            screenshot(page, "ray_runs_finished")
        finally:
            context.close()
            stop_server(server)
    print(json.dumps({"seconds": round(time.monotonic() - started, 1), "kept_epochs": kept}))
