"""Error texts and file names are shown as written, never as Markdown."""

from __future__ import annotations

import pytest

from core.errors import SpecError
from core.model.presets import get_preset
from core.model.spec_io import spec_from_json
from dashboard.plain import plain


def test_markdown_and_streamlit_directives_are_escaped() -> None:
    assert plain("__import__") == r"\_\_import\_\_"
    assert plain(":red[x] $a$ [l](u) `c` **b**") == r":red\[x\] \$a\$ \[l\](u) \`c\` \*\*b\*\*"
    assert plain("plain words: 3.5 (and é) - ok") == "plain words: 3.5 (and é) - ok"


def test_an_unknown_parameter_lists_only_what_a_student_may_set() -> None:
    spec = get_preset("mnist_fast").to_json()
    spec["layers"][0]["params"]["__import__"] = "os"
    with pytest.raises(SpecError) as caught:
        spec_from_json(spec)
    message = caught.value.describe()
    assert "has no parameter '__import__'. Valid: trainable, block, filters" in message
    for internal in ("keras_name", "torch_name", "limits", "choices", "name_stem"):
        assert internal not in message
