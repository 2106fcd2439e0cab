"""Entry point: `streamlit run dashboard/app.py`."""

from __future__ import annotations

# pandas first, whole, before any page draws: plotly looks pandas up in sys.modules, and a
# session drawing a figure while another session's first table was still importing pandas
# met a half-initialised module (seen with 30 students joining at once).
import pandas  # noqa: F401
import streamlit as st

from core.classroom.follow import trouble
from core.i18n import _
from core.identity.settings import classroom_mode
from dashboard.classroom.banner import assignment_banner, bring_class_button
from dashboard.classroom.gate import gate
from dashboard.following import follow_the_teacher
from dashboard.guard import run_guarded
from dashboard.housekeeping import start_housekeeping
from dashboard.icon import tab_icon
from dashboard.identity import actor
from dashboard.keys import LessonKeys, is_persistent
from dashboard.language import choose_language
from dashboard.navigation import HOME, page_file, pages_for_this_run, sections
from dashboard.nodelay import send_at_once
from dashboard.presentation import presentation_mode, presentation_switch
from dashboard.projected_step import projected_step
from dashboard.self_heal import heal_broken_pages
from dashboard.stale_fragment_runs import drop_stale_fragment_runs
from dashboard.style import apply_style
from dashboard.touch import one_tap_clicks
from dashboard.turns import PAGE_RUNS
from dashboard.warm_up import warm_up

NAVIGATION_KEY = "app.navigation"  # the session's st.Page objects


def main() -> None:
    send_at_once()  # a run's last messages leave without waiting 40 ms for an ACK
    start_housekeeping()  # once per process: memory back after a class's uploads
    drop_stale_fragment_runs()  # once per process: a page left blank by a late timer
    warm_up()  # once per class server: torch imported before the first student needs it
    sidebar = "collapsed" if presentation_mode() else "auto"  # the projector: all width
    st.set_page_config(
        page_title="CNN Lab",
        page_icon=tab_icon(),  # drawn here: offline, nothing to fetch
        layout="wide",
        initial_sidebar_state=sidebar,
    )
    apply_style()
    heal_broken_pages()  # a page Streamlit's browser code broke reloads itself
    one_tap_clicks()  # a tap on a figure clicks it, on a phone as with a mouse
    language = choose_language()
    presentation_switch()
    if not gate():  # a class: nobody signed in yet, the join form is shown instead
        return
    teacher = classroom_mode() and actor().is_teacher
    student = classroom_mode() and actor().role == "student"
    # Built once per session, language and role: st.Page resolves its file's real path,
    # which on every rerun of every student's session added up under a classroom's load.
    built = st.session_state.get(NAVIGATION_KEY)
    navigation = built[1] if built and built[0] == (language, teacher, student) else None
    if navigation is None:
        # One flat list, in the sections' order (the home page shows the sections): Streamlit
        # draws sections as a list whose items are not its children, which screen readers
        # cannot read as a list (axe's "list" rule, tests/e2e/test_accessibility.py).
        navigation = [
            st.Page(
                page_file(page.id),
                title=_(page.title),
                icon=page.icon,
                url_path=page.id,
                default=page is HOME,
            )
            for pages in sections(teacher, student).values()
            for page in pages
        ]
        st.session_state[NAVIGATION_KEY] = ((language, teacher, student), navigation)
    for key in [key for key in st.session_state if is_persistent(key)]:
        st.session_state[key] = st.session_state[key]
    page = st.navigation(pages_for_this_run(navigation), expanded=True)
    st.session_state[LessonKeys.CURRENT_PAGE] = page.url_path or HOME.id
    assignment_banner()  # a student's every page, while one is handed out
    follow_the_teacher()  # a student's: the teacher's moves and questions
    if teacher:
        bring_class_button(page.url_path or HOME.id)
        projected_step(page.url_path or HOME.id)  # the lesson's step, on the projector
    # Every page listed, even hidden ones; a student's failed page flags her on the board.
    run_guarded(page.run, page.url_path or "home", lambda: trouble(actor()))


with PAGE_RUNS.turn():  # a class's thirty page runs one after another, not all at once
    main()
