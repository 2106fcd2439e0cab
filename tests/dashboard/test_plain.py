"""Error texts and file names are shown as written, never as Markdown."""

from __future__ import annotations

import pytest

from core.errors import SpecError
from core.model.presets import get_preset
from core.model.spec_io import spec_from_json
from dashboard.plain import plain


def test_markdown_and_streamlit_directives_are_escaped() -> None:
    assert plain("__import__") == r"\_\_import\_\_"
    assert plain("$a$ [l](u) `c` **b** #1") == r"\$a\$ \[l\](u) \`c\` \*\*b\*\* \#1"
    assert plain("plain words (and é) - ok") == "plain words (and é) - ok"


def test_colours_icons_and_emoji_stay_characters() -> None:
    """Streamlit colours ":red[x]" even with its brackets escaped, and turns ":smile:" and
    ":material/home:" into pictures: every colon becomes its entity (shown as ":")."""
    assert plain(":red[x]") == r"&#58;red\[x\]"
    assert plain(":smile: :material/home:") == "&#58;smile&#58; &#58;material/home&#58;"


def test_bare_addresses_do_not_become_links() -> None:
    """GitHub's autolinks ignore escapes: an invisible word joiner breaks each pattern."""
    joined = plain("http://evil.test www.evil.test a@b.co")
    assert joined == "http&#58;\u2060//evil.test www\u2060.evil.test a\u2060@b.co"


def test_typed_entities_lists_and_quotes_show_as_typed() -> None:
    assert plain("&#58; &amp; & x") == r"&amp;\#58; &amp;amp; & x"
    assert plain("- a\n1. b\n> c") == "\\- a\n1\\. b\n\\> c"


def test_an_unknown_parameter_lists_only_what_a_student_may_set() -> None:
    spec = get_preset("mnist_fast").to_json()
    spec["layers"][0]["params"]["__import__"] = "os"
    with pytest.raises(SpecError) as caught:
        spec_from_json(spec)
    message = caught.value.describe()
    assert "has no parameter '__import__'. Valid: trainable, block, filters" in message
    for internal in ("keras_name", "torch_name", "limits", "choices", "name_stem"):
        assert internal not in message
