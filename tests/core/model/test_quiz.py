import pytest

from core.model.quiz import check_prediction, parse_shape


@pytest.mark.parametrize(
    "text", ["32, 28, 28", "(N, 32, 28, 28)", "[None, 32, 28, 28]", "32x28x28", " (-1,32,28,28) "]
)
def test_parse_shape_accepts_the_usual_ways_of_writing_it(text: str) -> None:
    assert parse_shape(text) == (32, 28, 28)


@pytest.mark.parametrize("text", ["", "N", "thirty two", "32, 28.5"])
def test_parse_shape_refuses_what_it_cannot_read(text: str) -> None:
    assert parse_shape(text) is None


def test_check_prediction() -> None:
    verdict = check_prediction("(N, 32, 28, 28)", 832, (32, 28, 28), 832)
    assert verdict.all_ok
    verdict = check_prediction("32, 14, 14", 800, (32, 28, 28), 832)
    assert not verdict.shape_ok and not verdict.params_ok and verdict.understood
    assert not check_prediction("??", None, (10,), 0).understood
