"""The suite's scheduling list names files that exist (a renamed file would lose its place
silently, and the run its balance)."""

from tests.conftest import LONGEST_FIRST, ROOT


def test_the_longest_files_listed_first_exist() -> None:
    missing = [path for path in LONGEST_FIRST if not (ROOT / path).is_file()]
    assert not missing
    assert len(set(LONGEST_FIRST)) == len(LONGEST_FIRST)


def test_the_test_command_keeps_the_collection_order() -> None:
    command = (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    assert "--dist loadfile" in command and "--no-loadscope-reorder" in command
