"""The Lesson page: on one's own a guided tour (Next, Open it here, Show the answer); in a
class the teacher brings the class to a step and asks its question, and a following
student arrives with the step's settings and answers from her sidebar; her own model is kept."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from core.classroom.follow import destination
from core.classroom.questions import current, tally
from dashboard.following import class_changed
from dashboard.keys import BuilderKeys
from tests.dashboard.apptest import APP, open_page, page_file, shown
from tests.dashboard.test_classroom_pages import _join


def _told_to_open(at: AppTest) -> str | None:
    """The page a student's browser is told to open (the script that clicks its link)."""
    scripts = [h.proto.body for h in at.get("html") if "stSidebarNavLink" in h.proto.body]
    if not scripts:
        return None
    return re.search(r"=== \"(\w+)\"\)", scripts[-1]).group(1)


def _button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def test_on_ones_own_the_plan_opens_each_step_with_its_settings() -> None:
    at = open_page("lesson")
    assert not at.exception and at.title[0].value == "Lesson plans"
    at.selectbox(key="lesson.chosen").set_value("004").run()
    assert "Step 1 of 6" in at.get("progress")[0].proto.text
    for _ in range(4):
        _button(at, "lesson.next").click().run()
    assert at.header[0].value == "5. More channels: 32 and 64 filters"
    assert any("3,137,000" in md.value for e in at.expander for md in e.markdown)
    _button(at, "lesson.open").click().run()
    assert not at.exception and at.title[0].value == "Build a CNN"
    assert at.session_state[BuilderKeys.NAME] == "mnist_32_64"
    at.switch_page(page_file("lesson")).run()  # back to the plan: the same lesson and step
    assert at.header[0].value == "5. More channels: 32 and 64 filters"


def test_the_teacher_brings_a_following_student_and_asks_her(classroom: Path) -> None:
    mina = _join("Mina")
    mina.switch_page(page_file("builder")).run()
    mina.button(key="builder_clear").click().run()  # her own model: none, named my_cnn
    mina.switch_page(page_file("pooling")).run()
    teacher = AppTest.from_file(APP, default_timeout=60).run()
    teacher.text_input(key="join.password").input("correct horse")
    teacher.button[1].click().run()
    teacher.switch_page(page_file("lesson")).run()
    teacher.selectbox(key="lesson.chosen").set_value("004").run()
    for _ in range(2):
        _button(teacher, "lesson.next").click().run()
    _button(teacher, "lesson.bring").click().run()
    assert destination().settings == {"model": "mnist_1filter"}
    _button(teacher, "lesson.ask").click().run()
    assert current().prompt.startswith("The first Conv2D")

    mina.run()  # her page's check: the step's settings, and her browser told to open it
    assert not mina.exception and _told_to_open(mina) == "builder"
    mina.switch_page(page_file("builder")).run()  # what the browser's click does
    assert mina.session_state[BuilderKeys.NAME] == "mnist_1filter"
    assert mina.session_state[BuilderKeys.KEPT].name == "my_cnn"
    mina.text_input(key=f"question.answer.{current().id}").input("26")
    next(b for b in mina.button if b.label == "Send").click().run()
    assert tally(current()) == [("26", 1)]
    teacher.run()
    assert any("1 of 1 student has answered." in c.value for c in teacher.caption)
    _button(teacher, "lesson.reveal").click().run()
    mina.run()
    assert any("right" in s.value for s in mina.success)
    mina.button(key="builder_restore").click().run()
    assert mina.session_state[BuilderKeys.NAME] == "my_cnn"


def test_the_projector_shows_the_step_the_class_is_on(classroom: Path) -> None:
    """Presentation mode: the page the teacher brought the class to carries the step; any
    other page, or the same page out of presentation mode, does not."""
    teacher = AppTest.from_file(APP, default_timeout=60).run()
    teacher.text_input(key="join.password").input("correct horse")
    teacher.button[1].click().run()
    teacher.switch_page(page_file("lesson")).run()
    teacher.selectbox(key="lesson.chosen").set_value("004").run()
    _button(teacher, "lesson.next").click().run()
    _button(teacher, "lesson.bring").click().run()
    assert destination().page == "pooling"

    def step_shown(at: AppTest) -> str:
        return " ".join(
            md.value for md in at.markdown if md.value.startswith("**Lesson 004 · step")
        )

    teacher.switch_page(page_file("pooling")).run()
    assert not teacher.exception and teacher.title[0].value.startswith("Pooling")
    assert step_shown(teacher) == ""  # not in presentation mode
    teacher.toggle(key="app.present").set_value(True).run()
    assert step_shown(teacher).startswith("**Lesson 004 · step 2 of 6: Max-pooling")
    teacher.switch_page(page_file("convolution")).run()
    assert not teacher.exception and step_shown(teacher) == ""


def test_a_student_who_steps_away_stays_and_rejoins_with_one_click(classroom: Path) -> None:
    from core.classroom.follow import bring_class
    from core.identity.people import teacher_login

    mina = _join("Mina")
    mina.toggle(key="follow.on").set_value(False).run()
    bring_class(teacher_login("correct horse")[0], "pooling")
    class_changed()  # the engine called directly, not through the teacher's page
    mina.run()
    assert not mina.title[0].value.startswith("Pooling")
    assert any("exploring on your own" in c.value for c in mina.sidebar.caption)
    mina.toggle(key="follow.on").set_value(True).run()
    assert _told_to_open(mina) == "pooling"
    assert "lesson" not in str(mina.session_state["app.navigation"])


def test_a_bookmark_opens_a_step_and_a_forged_one_is_ignored() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lesson"], at.query_params["step"] = "003", "3"
    at.run().switch_page(page_file("lesson")).run()
    assert at.header[0].value == "3. ResNet-18's structure"
    for lesson, step in (("../x", "1"), ("004", "99"), ("004", "-1"), ("004", "1e3")):
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["lesson"], at.query_params["step"] = lesson, step
        at.run().switch_page(page_file("lesson")).run()
        assert not at.exception and at.header[0].value.startswith("1. ")


def test_a_korean_student_answers_a_plan_question_in_her_language(classroom: Path) -> None:
    from core.identity.people import teacher_login
    from core.lessons.plan import ask_step
    from core.lessons.plans import LESSONS

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "ko"
    at.run()
    at.text_input(key="join.name").input("민아")
    at.text_input(key="join.code").input("KQ7M2P")
    at.button[0].click().run()
    asked = ask_step(teacher_login("correct horse")[0], LESSONS["004"], 3)  # "about 95%"?
    class_changed()
    at.run()
    radio = at.radio(key=f"question.answer.{asked.id}")
    assert radio.options == ["약 50%", "약 80%", "약 95%", "약 99%"]
    radio.set_value("약 95%")  # AppTest picks by the label shown
    next(b for b in at.button if b.label == "보내기").click().run()
    assert tally(current()) == [
        ("about 50%", 0),
        ("about 80%", 0),
        ("about 95%", 1),
        ("about 99%", 0),
    ]
    assert any("선생님의 질문" in m.value for m in at.markdown)


def test_a_stuck_students_name_is_shown_as_typed_on_the_board(classroom: Path) -> None:
    from core.classroom.follow import seen, trouble
    from core.identity.people import join

    hacker, _ = join("**bold** [x](http://evil.example)", "KQ7M2P")
    seen(hacker)
    trouble(hacker)
    teacher = AppTest.from_file(APP, default_timeout=60).run()
    teacher.text_input(key="join.password").input("correct horse")
    teacher.button[1].click().run()
    teacher.switch_page(page_file("class")).run()
    [flag] = [w.value for w in teacher.warning if "May be stuck" in w.value]
    assert shown(flag) == "May be stuck: **bold** [x](http://evil.example) (a page failed)"
    assert "\\*\\*bold\\*\\*" in flag  # escaped: no bold, no link


def test_predict_then_check_becomes_a_class_question(classroom: Path) -> None:
    teacher = AppTest.from_file(APP, default_timeout=60).run()
    teacher.text_input(key="join.password").input("correct horse")
    teacher.button[1].click().run()
    teacher.switch_page(page_file("builder")).run()
    teacher.toggle(key=BuilderKeys.QUIZ_ON).set_value(True).run()
    next(b for b in teacher.button if b.key == "builder.quiz_ask.0").click().run()
    asked = current()
    from core.model.specs import ModelSpec
    from core.model.summary import summarize

    state = teacher.session_state
    row = summarize(ModelSpec(state[BuilderKeys.INPUT_SHAPE], state[BuilderKeys.LAYERS])).rows[0]
    assert asked.kind == "number" and asked.prompt.startswith("Layer 1: Conv2D")
    assert asked.answer == f"{row.params:,}" and asked.explain == row.param_formula


def test_a_student_sees_the_photo_she_is_asked_about(classroom: Path) -> None:
    from PIL import Image

    from core.classroom.questions import ask
    from core.identity.people import teacher_login
    from dashboard.transfer.class_panel import photo_question

    mina = _join("Mina")
    photo = Image.new("RGB", (640, 480), (90, 140, 60))
    asked = photo_question(["human", "monkey"], "monkey", photo, "The model said monkey.")
    ask(teacher_login("correct horse")[0], **asked)
    class_changed()
    mina.run()
    assert not mina.exception
    assert any("human or monkey?" in m.value for m in mina.markdown)
    assert len(mina.get("image")) == 1  # the photo, above her answer
    assert mina.radio(key=f"question.answer.{current().id}").options == ["human", "monkey"]
