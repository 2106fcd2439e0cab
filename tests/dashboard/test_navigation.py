"""Each run of the app gets its own st.Page objects: a stopped run's late page.run() cannot use
up the mark st.navigation gives the next run's page (dashboard/navigation.py)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _two_runs() -> None:
    import streamlit as st

    from core.pages import PAGES
    from dashboard.navigation import page_file, pages_for_this_run

    built = [st.Page(page_file(info.id), title=info.title, url_path=info.id) for info in PAGES]
    first, second = pages_for_this_run(built), pages_for_this_run(built)
    for template, old, new in zip(built, first, second, strict=True):
        assert old is not new and template not in (old, new)
        assert (new.title, new.url_path) == (template.title, template.url_path)
        assert new._script_hash == template._script_hash  # the same page for Streamlit
    # st.navigation marks the page it returns for this run; a stale run that then calls its
    # own page.run() clears only its own mark.
    second[0]._can_be_called = True
    first[0]._can_be_called = False
    assert second[0]._can_be_called
    st.write(f"checked {len(built)} pages")


def test_two_runs_do_not_share_a_page_object() -> None:
    at = AppTest.from_function(_two_runs, default_timeout=60).run()
    assert not at.exception, at.exception
    assert at.markdown[0].value.startswith("checked ")
