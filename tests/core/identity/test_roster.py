"""The teacher manages the class's students: rename, merge, remove, re-join codes, closing
the class; a student may do none of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.identity import people
from core.identity.db import connect
from core.identity.ownership import claim, hidden_from, owner_of
from core.identity.people import NotAllowed, actor_for_token, join, teacher_login
from core.identity.roster import (
    make_rejoin_code,
    merge,
    remove,
    rename,
    set_joins_open,
    students,
)
from core.identity.secret_hash import token_hash


@pytest.fixture(autouse=True)
def _fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(people, "SLOW_DOWN", 0.0)


def test_a_student_may_manage_nobody(classroom: Path) -> None:
    mina, _token = join("Mina", "KQ7M2P")
    jun, _token = join("Jun", "KQ7M2P")
    for call in (
        lambda: students(mina),
        lambda: rename(mina, jun.id, "Loser"),
        lambda: merge(mina, mina.id, jun.id),
        lambda: remove(mina, jun.id),
        lambda: make_rejoin_code(mina, jun.id),
        lambda: set_joins_open(mina, False),
    ):
        with pytest.raises(NotAllowed, match="Only the teacher"):
            call()
    assert [s.name for s in students(teacher_login("correct horse")[0])] == ["Mina", "Jun"]


def test_the_teacher_renames_a_student_to_a_name_nobody_has(classroom: Path) -> None:
    teacher, _token = teacher_login("correct horse")
    mina, token = join("Mina", "KQ7M2P")
    join("Jun", "KQ7M2P")
    with pytest.raises(ValueError, match="already called"):
        rename(teacher, mina.id, "J\u200bUN")
    assert rename(teacher, mina.id, "  Kim\u202e Mina ") == "Kim Mina"
    assert actor_for_token(token).name == "Kim Mina"  # her browser sees it on the next page
    with pytest.raises(ValueError, match="already joined"):
        join("kimmina", "KQ7M2P")
    assert join("Mina", "KQ7M2P")[0].name == "Mina"  # the old name is free


def test_merging_moves_runs_datasets_and_browsers_to_the_kept_student(classroom: Path) -> None:
    teacher, _token = teacher_login("correct horse")
    mina, mina_token = join("Mina", "KQ7M2P")
    again, again_token = join("Mina K", "KQ7M2P", pin="4821")  # the same girl, another browser
    claim("run", "r1", again)
    claim("dataset", "d1", again)
    claim("run", "r0", mina)
    merge(teacher, mina.id, again.id)
    assert owner_of("run", "r1") == owner_of("dataset", "d1") == owner_of("run", "r0") == mina.id
    assert actor_for_token(again_token) == actor_for_token(mina_token) == mina
    assert [s.name for s in students(teacher)] == ["Mina"]
    assert join("mina", "KQ7M2P", pin="4821")[0] == mina  # her PIN came with her
    with pytest.raises(ValueError, match="two different"):
        merge(teacher, mina.id, mina.id)
    with pytest.raises(ValueError, match="no longer in the class"):
        merge(teacher, mina.id, again.id)


def test_a_removed_student_is_signed_out_and_her_runs_stay_hidden(classroom: Path) -> None:
    teacher, _token = teacher_login("correct horse")
    mina, token = join("Mina", "KQ7M2P", pin="4821")
    jun, _token = join("Jun", "KQ7M2P")
    claim("run", "r1", mina)
    code = make_rejoin_code(teacher, mina.id)
    assert remove(teacher, mina.id) == 1
    assert actor_for_token(token) is None
    assert owner_of("run", "r1") == mina.id and "r1" in hidden_from(jun, "run")
    with pytest.raises(NotAllowed):
        join("Mina", "KQ7M2P", rejoin_code=code)  # her code went with her
    newcomer, _token = join("Mina", "KQ7M2P", pin="4821")  # the name is free for someone new
    assert newcomer.id != mina.id and "r1" in hidden_from(newcomer, "run")
    assert [s.name for s in students(teacher)] == ["Jun", "Mina"]


def test_a_student_list_says_who_has_a_pin_and_is_signed_in(classroom: Path) -> None:
    teacher, _token = teacher_login("correct horse")
    join("Mina", "KQ7M2P", pin="4821")
    join("Mina", "KQ7M2P", pin="4821")
    _jun, token = join("Jun", "KQ7M2P")
    people.sign_out(token)
    listed = {s.name: (s.has_pin, s.signed_in) for s in students(teacher)}
    assert listed == {"Mina": (True, 2), "Jun": (False, 0)}
    with connect() as db:
        assert db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 3  # + the teacher


def test_one_device_joins_as_a_few_names_not_forty(classroom: Path) -> None:
    """Names cost nothing: without a bound one student takes forty turns in the fair queue."""
    laptop = "192.168.0.23"
    first = [join(f"Pair {n}", "KQ7M2P", pin="2468", address=laptop)[0] for n in range(3)]
    with pytest.raises(NotAllowed, match="already joined as 3 names"):
        join("Sockpuppet", "KQ7M2P", address=laptop)
    assert join("Jun", "KQ7M2P", address="192.168.0.24")[0].name == "Jun"  # another device
    assert join("Local", "KQ7M2P")[0].name == "Local"  # no address: the server's computer
    back, _token = join("Pair 0", "KQ7M2P", pin="2468", address=laptop)  # her own name
    assert back.id == first[0].id
    teacher, _token = teacher_login("correct horse")
    remove(teacher, first[2].id)  # the teacher frees a place
    assert join("Pair 3", "KQ7M2P", address=laptop)[0].name == "Pair 3"
    with connect() as db:
        kept = {row[0] for row in db.execute("SELECT device FROM people")}
    assert laptop not in kept and "192.168.0.24" not in kept  # not the address,
    assert token_hash("device:" + laptop) not in kept  # nor a hash anyone could recompute
