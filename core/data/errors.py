"""The data layer's errors, each with a message a student can act on."""

from __future__ import annotations

from core.i18n import _


class DatasetUnavailable(RuntimeError):
    """The dataset `name` is not on this computer and cannot be fetched now."""

    def __init__(self, name: str, how_to_get: str, reason: str = "") -> None:
        self.name = name
        self.how_to_get = how_to_get
        self.reason = reason
        if reason:
            message = _("The dataset {name!r} is not available ({reason}). {how_to_get}")
        else:
            message = _("The dataset {name!r} is not available. {how_to_get}")
        super().__init__(message.format(name=name, reason=reason, how_to_get=how_to_get))


class DatasetChanged(DatasetUnavailable, ValueError):
    """A dataset's file vanished or broke while it was in use (e.g. deleted mid-training).

    Also a ValueError, as the `core.images.ImageError` it replaces, for callers that list
    unreadable files.
    """

    def __init__(self, name: str, what: str) -> None:
        self.name, self.reason = name, what
        self.how_to_get = _("Re-import it on the Datasets page, then start again.")
        RuntimeError.__init__(
            self,
            _("The dataset {name!r} changed while in use: {what}. {how_to_get}").format(
                name=name, what=what, how_to_get=self.how_to_get
            ),
        )


class DatasetImportError(ValueError):
    """An import that was refused; the message says what to change."""


class SourceError(ValueError):
    """A local copy that cannot be used; the message says what is wrong with it."""
