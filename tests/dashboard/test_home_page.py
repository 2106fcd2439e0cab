from dashboard.navigation import PAGES
from tests.dashboard.apptest import open_page, page_file


def test_home_links_every_page() -> None:
    at = open_page("home")
    assert not at.exception
    titles = [page.title for page in PAGES]
    # page_link elements are not exposed by AppTest; check the captions each link carries.
    captions = [caption.value for caption in at.caption]
    for page in PAGES:
        assert page.blurb in captions, f"home page does not describe {page.title}"
    assert titles


def test_the_url_and_the_switch_choose_the_language_for_every_page() -> None:
    from streamlit.testing.v1 import AppTest

    from tests.dashboard.apptest import APP

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "ko"  # a projector's bookmark: ...?lang=ko
    at.run()
    assert not at.exception, at.exception
    assert [s.value for s in at.subheader][:2] == ["강의", "만들기"]
    assert "강의 용어를 한국어와 영어로: 한 줄 뜻과 공식." in [c.value for c in at.caption]
    at.switch_page(page_file("glossary")).run()
    assert at.title[0].value == "용어집"
    assert at.segmented_control(key="app.language").value == "ko"  # kept across pages
    at.segmented_control(key="app.language").set_value("en").run()
    assert at.title[0].value == "Glossary"
    assert at.query_params["lang"] in ("en", ["en"])  # written back: a reload keeps it


def test_english_shows_no_korean_on_the_home_page() -> None:
    import re

    at = open_page("home")
    texts = [e.value for e in (*at.title, *at.subheader, *at.caption, *at.markdown)]
    assert not [t for t in texts if re.search("[가-힣]", t)]


def test_a_message_made_in_a_widget_callback_is_in_the_sessions_language() -> None:
    import re

    from streamlit.testing.v1 import AppTest

    from core.i18n import using_language
    from tests.dashboard.apptest import APP

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "ko"
    with using_language("ko"):  # AppTest formats the preset options on this thread
        at.run()
        at.switch_page(page_file("builder")).run()
        at.button(key="builder_load_preset").click().run()  # its message: made in the callback
    assert not at.exception, at.exception
    messages = [e.value for e in (*at.success, *at.info, *at.toast)]
    assert messages and all(re.search("[가-힣]", m) for m in messages), messages
