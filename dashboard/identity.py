"""Who this browser is. Outside classroom mode: the one local user (every power). In a
class: the student or teacher whose token the browser keeps in a cookie (so a reload keeps
it; never in the address, which a projector shows), else nobody yet: the join form.

The cookie holds only the sign-in's random token; signing out deletes it on the server, and
each page load checks it again (an expired, signed-out or removed one signs in nobody)."""

from __future__ import annotations

import json

import streamlit as st

from core.identity import people
from core.identity.people import LOCAL, Actor, actor_for_token
from core.identity.sessions import LIFETIME_DAYS
from core.identity.settings import classroom_mode

ACTOR_KEY = "app.actor"  # the signed-in Actor
TOKEN_KEY = "app.token"  # their sign-in's token
COOKIE = "cnnlab_seat"
COOKIE_DAYS = LIFETIME_DAYS
_PENDING_COOKIE = "app.pending_cookie"  # a token to write (or "" to clear) on the next run
_SIGNED_OUT = "app.signed_out"  # the session's cookie (read at connect) no longer counts


def current_actor() -> Actor | None:
    """The person using this session; None in a class until they join or sign in."""
    if not classroom_mode():
        return LOCAL
    actor = st.session_state.get(ACTOR_KEY)
    if actor is None and not st.session_state.get(_SIGNED_OUT):
        token = st.context.cookies.get(COOKIE)
        actor = actor_for_token(token)
        if actor is not None:
            st.session_state[ACTOR_KEY] = actor
            st.session_state[TOKEN_KEY] = token
    return actor


def check_sign_in() -> None:
    """Once per page load: the session's sign-in still counts (not signed out elsewhere,
    expired, or the student removed) and its name is the current one (renamed)."""
    if not classroom_mode() or ACTOR_KEY not in st.session_state:
        return
    found = actor_for_token(st.session_state.get(TOKEN_KEY))
    if found is None:
        st.session_state.pop(ACTOR_KEY, None)
        st.session_state.pop(TOKEN_KEY, None)
        st.session_state[_SIGNED_OUT] = True
    else:
        st.session_state[ACTOR_KEY] = found


def actor() -> Actor:
    """The signed-in person (pages run only once someone is, see dashboard.classroom.gate)."""
    return current_actor() or LOCAL


def sign_in(person: Actor, token: str) -> None:
    st.session_state[ACTOR_KEY] = person
    st.session_state[TOKEN_KEY] = token
    st.session_state[_PENDING_COOKIE] = token
    st.session_state.pop(_SIGNED_OUT, None)


def sign_out() -> None:
    """Sign this browser out, on the server too: its cookie signs in nobody afterwards."""
    for token in {st.session_state.pop(TOKEN_KEY, None), st.context.cookies.get(COOKIE)}:
        people.sign_out(token)
    st.session_state.pop(ACTOR_KEY, None)
    st.session_state[_PENDING_COOKIE] = ""
    st.session_state[_SIGNED_OUT] = True


def write_cookie() -> None:
    """Write (or clear) the browser's cookie after a sign-in (or out): a tiny script, as
    Streamlit sets no cookies itself. SameSite=Strict: no other site's page sends it."""
    if _PENDING_COOKIE not in st.session_state:
        return
    token = st.session_state.pop(_PENDING_COOKIE)
    age = COOKIE_DAYS * 86400 if token else 0
    secure = "; Secure" if (st.context.url or "").startswith("https") else ""
    value = json.dumps(f"{COOKIE}={token}; path=/; max-age={age}; SameSite=Strict{secure}")
    st.html(f"<script>document.cookie = {value};</script>", unsafe_allow_javascript=True)
