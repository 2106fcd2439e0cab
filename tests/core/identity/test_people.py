"""Joining a class: the class code, one name per student (by how it looks), a PIN or a
re-join code to come back, the teacher's password, and a random token per sign-in that is
stored hashed, expires and is revoked by signing out."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest

from core.identity import db, people, sessions
from core.identity.people import NotAllowed, actor_for_token, join, sign_out, teacher_login
from core.identity.roster import make_rejoin_code, set_joins_open


@pytest.fixture(autouse=True)
def _fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(people, "SLOW_DOWN", 0.0)


def test_a_student_joins_with_the_code_and_is_found_by_token(classroom: Path) -> None:
    student, token = join("  Kim   Mina ", "kq7m2p")  # spaces tidied, code case-insensitive
    assert student.name == "Kim Mina" and student.role == "student"
    assert not student.is_teacher
    assert actor_for_token(token) == student
    assert actor_for_token("made-up") is None and actor_for_token(None) is None
    with db.connect() as connection:
        stored = connection.execute("SELECT token_hash FROM sessions").fetchone()[0]
    assert token not in stored and len(stored) == 64 and len(token) >= 43  # 32 random bytes


def test_a_wrong_code_an_empty_name_or_a_taken_name_is_refused(classroom: Path) -> None:
    with pytest.raises(NotAllowed, match="class's code"):
        join("Mina", "AAAAAA")
    with pytest.raises(ValueError, match="name"):
        join("   ", "KQ7M2P")
    with pytest.raises(ValueError, match="name"):
        join("\u200b\u202e\ufeff", "KQ7M2P")  # nothing visible
    join("Mina", "KQ7M2P")
    with pytest.raises(ValueError, match="already joined as MINA"):
        join("MINA", "KQ7M2P")


@pytest.mark.parametrize(
    "look_alike",
    [
        "김민\u200b지",  # a zero-width space
        unicodedata.normalize("NFD", "김민지"),  # the same syllables, decomposed
        "\u202e김민지\u202c",  # right-to-left override around it
        "김 민지",  # a space
        "김민\u2060지\ufeff",  # word joiner, byte-order mark
    ],
)
def test_a_name_that_looks_like_one_in_the_class_is_refused(
    classroom: Path, look_alike: str
) -> None:
    first, _token = join("김민지", "KQ7M2P")
    with pytest.raises(ValueError, match="already joined"):
        join(look_alike, "KQ7M2P")
    assert first.name == "김민지" and len(first.name) == 3


def test_names_are_kept_nfc_without_invisible_or_bidi_characters(classroom: Path) -> None:
    student, _token = join(unicodedata.normalize("NFD", "\u2066김\u200e민\u200b지\u2069"), "KQ7M2P")
    assert student.name == "김민지" and unicodedata.is_normalized("NFC", student.name)


def test_a_student_gets_back_to_her_name_with_her_pin(classroom: Path) -> None:
    first, first_token = join("Mina", "KQ7M2P", pin="4821")
    again, token = join("mina", "KQ7M2P", pin="4821")  # another browser
    assert again == first and token != first_token
    assert actor_for_token(first_token) == actor_for_token(token) == first  # both signed in
    with pytest.raises(NotAllowed, match="PIN is not right"):
        join("Mina", "KQ7M2P", pin="0000")
    with pytest.raises(ValueError, match="already joined"):
        join("Mina", "KQ7M2P")  # no PIN: someone else's name
    with pytest.raises(ValueError, match="4 to 8 digits"):
        join("Jun", "KQ7M2P", pin="12ab")
    with db.connect() as connection:
        stored = connection.execute("SELECT pin_hash FROM people").fetchone()[0]
    assert stored.startswith("scrypt$") and "4821" not in stored


def test_too_many_wrong_pins_leave_only_a_re_join_code(classroom: Path) -> None:
    join("Mina", "KQ7M2P", pin="4821")
    for _ in range(people.MAX_PIN_FAILURES):
        with pytest.raises(NotAllowed):
            join("Mina", "KQ7M2P", pin="1111")
    with pytest.raises(NotAllowed, match="Too many wrong PINs"):
        join("Mina", "KQ7M2P", pin="4821")  # even the right one


def test_a_re_join_code_works_once_and_expires(classroom: Path) -> None:
    teacher, _token = teacher_login("correct horse")
    mina, _token = join("Mina", "KQ7M2P")  # no PIN
    with pytest.raises(ValueError, match="no PIN"):
        join("Mina", "KQ7M2P", pin="1234")
    code = make_rejoin_code(teacher, mina.id)
    back, token = join("Mina", "KQ7M2P", rejoin_code=code.lower(), pin="2468")
    assert back == mina and actor_for_token(token) == mina
    with pytest.raises(NotAllowed, match="re-join code"):
        join("Mina", "KQ7M2P", rejoin_code=code)  # used
    assert join("Mina", "KQ7M2P", pin="2468")[0] == mina  # the PIN she chose with it
    late = make_rejoin_code(teacher, mina.id)
    with db.connect() as connection:
        connection.execute("UPDATE rejoin_codes SET expires = ?", (time.time() - 1,))
    with pytest.raises(NotAllowed, match="re-join code"):
        join("Mina", "KQ7M2P", rejoin_code=late)
    with pytest.raises(NotAllowed, match="Nobody in this class joined as Jun"):
        join("Jun", "KQ7M2P", rejoin_code=late)


def test_a_closed_class_takes_no_new_names_but_lets_students_back(classroom: Path) -> None:
    teacher, _token = teacher_login("correct horse")
    mina, _token = join("Mina", "KQ7M2P", pin="4821")
    set_joins_open(teacher, False)
    with pytest.raises(NotAllowed, match="closed to new names"):
        join("Jun", "KQ7M2P")
    assert join("Mina", "KQ7M2P", pin="4821")[0] == mina
    set_joins_open(teacher, True)
    assert join("Jun", "KQ7M2P")[0].name == "Jun"


def test_the_teacher_gets_a_new_random_token_on_each_device(classroom: Path) -> None:
    with pytest.raises(NotAllowed):
        teacher_login("wrong")
    teacher, token = teacher_login("correct horse")
    _again, other = teacher_login("correct horse")  # the projector and the laptop
    assert teacher.is_teacher and token != other
    assert actor_for_token(token).role == actor_for_token(other).role == "teacher"
    with pytest.raises(ValueError, match="already joined"):
        join("Teacher", "KQ7M2P")  # nobody joins as the teacher


def test_signing_out_revokes_the_token_on_the_server(classroom: Path) -> None:
    _teacher, token = teacher_login("correct horse")
    _again, laptop = teacher_login("correct horse")
    _student, student_token = join("Mina", "KQ7M2P")
    sign_out(token)
    sign_out(student_token)
    assert actor_for_token(token) is None and actor_for_token(student_token) is None
    assert actor_for_token(laptop).role == "teacher"  # the other device stays signed in
    sign_out(None)  # nothing to do


def test_an_expired_token_signs_in_nobody(classroom: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    student, token = join("Mina", "KQ7M2P")
    later = time.time() + sessions.LIFETIME_DAYS * 86400 + 1
    monkeypatch.setattr(sessions.time, "time", lambda: later)
    assert actor_for_token(token) is None
    join("Jun", "KQ7M2P")  # a new sign-in tidies the expired ones away
    with db.connect() as connection:
        persons = [r[0] for r in connection.execute("SELECT person FROM sessions")]
    assert student.id not in persons


def test_the_classs_students_are_the_students_not_removed(people: tuple) -> None:
    from core.identity.people import students
    from core.identity.roster import remove

    mina, jun, teacher = people
    assert students() == {jun.id: "Jun", mina.id: "Mina"}  # by name, no teacher
    remove(teacher, jun.id)
    assert students() == {mina.id: "Mina"}
