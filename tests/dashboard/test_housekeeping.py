"""The server's memory housekeeping: one thread per process, and a round frees garbage."""

from __future__ import annotations

import gc
import threading

from dashboard import housekeeping


def test_one_thread_however_many_sessions_start_it() -> None:
    for _ in range(5):
        housekeeping.start_housekeeping()
    names = [t.name for t in threading.enumerate() if t.name == "cnnlab-housekeeping"]
    assert names == ["cnnlab-housekeeping"]


def test_a_round_collects_cycles() -> None:
    class Node:
        pass

    gc.collect()
    gc.disable()  # as the server runs: Streamlit's own collection after each run is off
    try:
        for _ in range(1000):
            a, b = Node(), Node()
            a.other, b.other = b, a
        del a, b
        before = sum(type(o) is Node for o in gc.get_objects())
        housekeeping.tidy_memory()
        after = sum(type(o) is Node for o in gc.get_objects())
    finally:
        gc.enable()
    assert before == 2000 and after == 0


class _Runtime:
    """Streamlit's Runtime as the housekeeping thread uses it: its real in-memory upload
    store, which sessions have a browser, and the public call that ends a closed one."""

    def __init__(self) -> None:
        from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager

        self.uploaded_file_mgr = MemoryUploadedFileManager("/_stcore/upload_file")
        self.active: set[str] = set()
        self.ended: list[str] = []

    def is_active_session(self, session_id: str) -> bool:
        return session_id in self.active

    def clear_user_info_for_session(self, session_id: str) -> None:
        self.ended.append(session_id)
        self.uploaded_file_mgr.remove_session_files(session_id)  # as its shutdown does


def _upload(runtime: _Runtime, session_id: str) -> None:
    from streamlit.runtime.uploaded_file_manager import UploadedFileRec

    record = UploadedFileRec(file_id="f", name="photo.jpg", type="image/jpeg", data=b"x" * 99)
    runtime.uploaded_file_mgr.add_file(session_id, record)


def test_a_closed_session_with_uploads_ends_after_a_whole_round() -> None:
    runtime = _Runtime()
    for session_id in ("open", "closed", "closed-no-upload"):
        runtime.active.add(session_id)
    _upload(runtime, "open")
    _upload(runtime, "closed")
    runtime.active -= {"closed", "closed-no-upload"}  # two tabs close

    seen = housekeeping.end_closed_upload_sessions(runtime, set())
    assert seen == {"closed"} and runtime.ended == []  # a phone that slept gets a round

    assert housekeeping.end_closed_upload_sessions(runtime, seen) == set()
    assert runtime.ended == ["closed"]
    assert set(runtime.uploaded_file_mgr.file_storage) == {"open"}


def test_a_session_that_came_back_is_left_alone() -> None:
    runtime = _Runtime()
    _upload(runtime, "phone")
    seen = housekeeping.end_closed_upload_sessions(runtime, set())
    runtime.active.add("phone")  # it reconnected within the round
    assert housekeeping.end_closed_upload_sessions(runtime, seen) == set()
    assert runtime.ended == [] and "phone" in runtime.uploaded_file_mgr.file_storage
