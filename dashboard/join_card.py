"""How students join, for the projector: the address and class code large, a QR code a
phone's camera opens with the code already filled in, and who has joined so far."""

from __future__ import annotations

import streamlit as st

from core.classroom.addresses import class_urls, join_url, qr_png
from core.i18n import _, ngettext
from core.identity.people import students
from core.identity.settings import class_secrets
from dashboard.plain import plain


def server_base() -> str:
    """This server's address on the class's network (this computer's own where it has none)."""
    return _address(int(st.get_option("server.port")), bool(st.get_option("server.sslCertFile")))


# Asking the system for its addresses (a host-name lookup) and drawing the QR code once a
# minute, not on every run of the teacher's home page and board.
@st.cache_data(ttl=60, show_spinner=False)
def _address(port: int, https: bool) -> str:
    urls = class_urls(port, https)
    return urls[0] if urls else f"{'https' if https else 'http'}://localhost:{port}"


@st.cache_data(ttl=60, show_spinner=False)
def _qr(address: str, code: str) -> bytes:
    return qr_png(join_url(address, code))


def join_card(folded_once_joined: bool = False) -> None:
    """The card; on the board (`folded_once_joined`) inside an expander that opens only
    while nobody has joined, so the runs stay in view on the projector."""
    if folded_once_joined:
        anyone = bool(students())
        with st.expander(_("How students join: address, class code, QR code"), expanded=not anyone):
            _card()
    else:
        _card()


def _card() -> None:
    code = class_secrets().class_code
    base = server_base()
    with st.container(border=True, key="join_card"):
        columns = st.columns([1, 2])
        columns[0].image(
            _qr(base, code),
            width=220,
            caption=_("Scan to join"),
            alt=_("QR code of {address} with the class code").format(address=base),
            output_format="PNG",
        )
        with columns[1]:
            st.markdown(_("#### Open {address}").format(address=plain(base)))
            st.markdown(_("#### Class code: **{code}**").format(code=plain(code)))
            _joined()


@st.fragment(run_every=3)
def _joined() -> None:
    """Who has joined, refreshed as they arrive."""
    joined = list(students().values())  # by name
    st.caption(
        ngettext("{n} student has joined", "{n} students have joined", len(joined)).format(
            n=len(joined)
        )
        + (": " + ", ".join(plain(name) for name in joined) if joined else ".")
    )
