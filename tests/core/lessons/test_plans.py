"""Every lesson plan's steps open pages the lab has with settings it knows, and every
question's answer is what the lab itself computes on that page (the stepper's sum, the
builder's Param # and Output Shape, the dataset's own labels), never a number typed twice."""

from __future__ import annotations

import numpy as np
import pytest

from core.classroom.questions import is_right, parse_number
from core.convlab.kernels import COURSE_CONV_INPUT, COURSE_CONV_KERNEL, COURSE_POOL_INPUT
from core.convlab.steps import check_conv_settings, check_pool_settings, conv2d, pool2d_steps
from core.course.exercises import DOCUMENTS, EXERCISES
from core.data.builtin import BUILTIN
from core.data.datasets import is_available
from core.data.stats import class_counts
from core.lessons.plan import Question, Step
from core.lessons.plans import LESSONS
from core.model.presets import PRESETS, get_preset
from core.model.summary import summarize


def _answer(lesson: str, title: str) -> float:
    step = next(s for s in LESSONS[lesson].steps if s.title == title)
    assert step.question is not None and step.question.kind == "number"
    return parse_number(step.question.answer)


def _row(preset: str, index: int):
    return summarize(get_preset(preset)).rows[index]


def test_one_plan_per_document_each_with_steps_minutes_and_questions() -> None:
    assert list(LESSONS) == list(DOCUMENTS)
    for lesson in LESSONS.values():
        assert 4 <= len(lesson.steps) <= 8 and 30 <= lesson.minutes <= 60
        assert sum(step.question is not None for step in lesson.steps) >= 3
        for step in lesson.steps:
            if step.exercise:
                assert step.exercise in {e.id for e in EXERCISES}
            if "model" in step.settings:
                assert step.settings["model"] in PRESETS and step.page == "builder"
            if "dataset" in step.settings:
                assert step.settings["dataset"] in BUILTIN and step.page == "datasets"
            if step.source:
                document, line = step.source.split(":")
                assert document == lesson.id and int(line) > 0


def test_the_convolution_and_pooling_answers_are_the_steppers() -> None:
    first = conv2d(COURSE_CONV_INPUT, COURSE_CONV_KERNEL[None])[0, 0, 0]
    assert _answer("004", "Convolution: one window at a time") == first == 4
    pooled = pool2d_steps(COURSE_POOL_INPUT, 2).output
    assert _answer("004", "Max-pooling: the largest value of each window") == pooled[1, 0]
    np.testing.assert_array_equal(pooled, [[2, 3], [4, 2]])  # the step's figure
    assert _answer("003", "Convolution with padding") == check_conv_settings(5, 3, 1, 1, 1)
    assert _answer("003", "What pooling does to the size") == check_pool_settings(32, 2, 2, 0)


def test_the_builders_answers_are_its_summary() -> None:
    assert (
        _answer("004", "Read the 1-filter MNIST CNN's summary") == _row("mnist_1filter", 0).params
    )
    assert summarize(get_preset("mnist_1filter")).total_params == 60_062
    dense = next(r for r in summarize(get_preset("mnist_32_64")).rows if r.keras_type == "Dense")
    assert _answer("004", "More channels: 32 and 64 filters") == dense.params
    assert summarize(get_preset("mnist_32_64")).total_params == 3_199_106
    assert _answer("003", "ResNet-18's structure") == _row("resnet18", 0).output_shape[-1]
    assert _answer("001", "AlexNet's first layer") == _row("alexnet", 0).output_shape[-1]


def test_the_datasets_answers_are_their_labels_and_counts() -> None:
    assert _answer("002", "Fashion-MNIST") == len(BUILTIN["fashion_mnist"].classes)
    if not is_available("cifar10"):
        pytest.skip("CIFAR-10 is not on this computer")
    assert _answer("000", "CIFAR-10") == sum(class_counts("cifar10").values())


def test_a_plan_refuses_unknown_pages_settings_and_answers() -> None:
    with pytest.raises(KeyError, match="no page"):
        Step("x", "nowhere", "x", 1)
    with pytest.raises(ValueError, match=r"teacher.s board"):
        Step("x", "class", "x", 1)
    with pytest.raises(ValueError, match="sets only"):
        Step("x", "builder", "x", 1, settings={"lr": "1"})
    with pytest.raises(ValueError, match="opens training"):
        Step("x", "builder", "x", 1, exercise="004-mnist-1-filter")
    with pytest.raises(ValueError, match="not one of the options"):
        Question("q", "choice", "c", options=("a", "b"))
    with pytest.raises(ValueError):
        Question("q", "number", "many")


def test_answers_count_as_a_student_types_them() -> None:
    assert is_right("number", "3137000", "3,137,000") and is_right("number", "26", " 26.0 ")
    assert not is_right("number", "26", "25") and not is_right("number", "26", "nan")
    assert is_right("choice", "Adam", "Adam") and not is_right("choice", "Adam", "adam")


def test_asking_a_step_puts_its_plan_question_to_the_class(people: tuple) -> None:
    from core.classroom.questions import current
    from core.identity.people import NotAllowed
    from core.lessons.plan import ask_step

    mina, _jun, teacher = people
    lesson = LESSONS["004"]
    with pytest.raises(NotAllowed):
        ask_step(mina, lesson, 2)
    asked = ask_step(teacher, lesson, 2)
    assert current() == asked and (asked.lesson, asked.step, asked.from_plan) == ("004", 2, True)
    assert (asked.prompt, asked.answer) == (lesson.steps[2].question.prompt, "26")
    no_question = next(i for i, s in enumerate(LESSONS["000"].steps) if s.question is None)
    with pytest.raises(ValueError, match="no question"):
        ask_step(teacher, LESSONS["000"], no_question)
