"""Server folders are the teacher's, and only under the configured roots: no /etc, no other
home, no way out through `..` or a symbolic link."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.classroom.roots import import_roots, server_path
from core.data.importers import import_folder
from core.data.sources import import_cifar10
from core.identity.people import LOCAL, NotAllowed, join


@pytest.fixture
def root(classroom: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> Path:
    allowed = tmp_path_factory.mktemp("class_photos")
    (allowed / "cats").mkdir()
    monkeypatch.setenv("CNNLAB_IMPORT_ROOTS", str(allowed))
    return allowed


def test_a_student_may_not_import_a_server_folder(root: Path) -> None:
    student, _ = join("Mina", "KQ7M2P")
    with pytest.raises(NotAllowed, match="Only the teacher"):
        import_folder(root, "photos", owner=student)
    with pytest.raises(NotAllowed, match="Only the teacher"):
        import_cifar10(root, student)


@pytest.mark.parametrize("path", ["/etc", "{root}/../..", "{root}/cats/../../.."])
def test_paths_outside_the_roots_are_refused_for_the_teacher_too(root: Path, path: str) -> None:
    with pytest.raises(NotAllowed, match="outside the folders"):
        server_path(path.format(root=root), LOCAL)


def test_a_link_out_of_a_root_is_refused(root: Path) -> None:
    (root / "escape").symlink_to("/etc")
    with pytest.raises(NotAllowed, match="outside the folders"):
        server_path(root / "escape", LOCAL)
    assert server_path(root / "cats", LOCAL) == (root / "cats").resolve()


def test_default_roots_in_a_class_leave_out_the_servers_home(
    classroom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CNNLAB_IMPORT_ROOTS", raising=False)
    roots = import_roots()
    assert classroom.resolve() in roots and Path.home().resolve() not in roots
    monkeypatch.delenv("CNNLAB_CLASSROOM")
    assert Path.home().resolve() in import_roots()  # one person on their own computer
