"""dashboard/keys.py's rule, kept: a session-state key that more than one module reads or
writes (or that must survive a page change) is named once in keys.py; a widget's key used
only in the module that draws it may be a literal there. A literal key found in two modules,
or a literal that spells a keys.py value, fails here."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from dashboard import keys

ROOT = Path(__file__).resolve().parents[2]
STATE_METHODS = {"get", "setdefault", "pop", "__contains__"}


def _literal(node: ast.expr | None) -> str | None:
    """A key written as a string, or an f-string's constant head ("hand.locked." for
    f"hand.locked.{i}")."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        head = node.values[0]
        if isinstance(head, ast.Constant) and isinstance(head.value, str):
            return head.value
    return None


def _is_session_state(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "session_state"


def literal_keys(source: str) -> set[str]:
    """The literal keys of one module: widgets' key=..., st.session_state[...] and
    st.session_state.get/setdefault/pop(...)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "key" and (text := _literal(keyword.value)):
                    found.add(text)
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr in STATE_METHODS
                and _is_session_state(func.value)
                and node.args
                and (text := _literal(node.args[0]))
            ):
                found.add(text)
        elif (
            isinstance(node, ast.Subscript)
            and _is_session_state(node.value)
            and (text := _literal(node.slice))
        ):
            found.add(text)
    return found


def _named_in_keys_py() -> set[str]:
    named = set()
    for group in vars(keys).values():
        if isinstance(group, type):
            named |= {v for k, v in vars(group).items() if k.isupper() and isinstance(v, str)}
    return named


def test_a_key_shared_between_modules_is_named_in_keys_py() -> None:
    where: dict[str, set[str]] = defaultdict(set)
    for path in [*(ROOT / "dashboard").rglob("*.py"), *(ROOT / "pages").glob("*.py")]:
        for key in literal_keys(path.read_text(encoding="utf-8")):
            where[key].add(path.relative_to(ROOT).as_posix())
    shared = {key: sorted(files) for key, files in where.items() if len(files) > 1}
    assert shared == {}, "name these in dashboard/keys.py"
    spelt_out = sorted(set(where) & _named_in_keys_py())
    assert spelt_out == [], "use the keys.py name instead of its value"


def test_the_rule_sees_every_way_of_writing_a_key() -> None:
    source = """
st.text_input("Name", key="a.name")
st.session_state["a.count"] = 1
st.session_state.get("a.seen")
st.multiselect("x", [], key=f"a.locked.{kind}")
"""
    assert literal_keys(source) == {"a.name", "a.count", "a.seen", "a.locked."}
