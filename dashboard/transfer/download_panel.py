"""Online, a two-class photo set the lab fetches by itself: cats and dogs from the Oxford-IIIT
Pet photos, with their licence named (core.transfer.online_sets)."""

from __future__ import annotations

import streamlit as st

from core.i18n import _
from core.transfer import online_sets as pets
from dashboard.identity import actor
from dashboard.keys import TransferKeys as K
from dashboard.plain import plain
from dashboard.transfer.capture_panel import import_photo_set


def render_download() -> None:
    """The expander: what the set is and its licence, how many photos, and the button."""
    with st.expander(
        _("Online: cats and dogs from Oxford-IIIT Pet ({licence})").format(licence=pets.LICENCE)
    ):
        st.markdown(
            _(
                "The Oxford-IIIT Pet photos by the University of Oxford's Visual Geometry "
                "Group ([source]({source})), licensed [{licence}]({url}): free to use and "
                "share, crediting them. 37 breeds, used here as two classes, cat and dog, as "
                "001's exercise 19-3. The first download fetches about {mb} MB."
            ).format(
                source=pets.SOURCE_URL,
                licence=pets.LICENCE,
                url=pets.LICENCE_URL,
                mb=pets.DOWNLOAD_MB,
            )
        )
        per_class = st.slider(
            _("Photos per class"),
            pets.MIN_PER_CLASS,
            pets.MAX_PER_CLASS,
            100,
            step=10,
            key=K.PETS_PER_CLASS,
        )
        here = pets.is_ready()
        teacher = actor().is_teacher
        if not here and not teacher:  # the download fills the class server's disk
            st.info(_("In a class, the teacher downloads it to the server: ask your teacher."))
            return
        label = _("Make the photo set") if here else _("Download and make the photo set")
        if st.button(label, key="transfer_pets_make"):
            import_photo_set(
                lambda: pets.import_pets(per_class, "cats-and-dogs", actor(), fetch=teacher),
                lambda info: _(
                    "Made the photo set **{title}** from Oxford-IIIT Pet ({licence})."
                ).format(title=plain(info.title), licence=pets.LICENCE),
            )
