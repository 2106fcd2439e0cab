"""Table cells for figures that may not exist yet, or may be wrong: Streamlit's grid prints a
missing number as "None", which reads like a value; a dash says "not yet". Every function
here is total: a value that is not a finite number (a forged "hacked" in a run's files)
shows as a marker, never raises, so one bad run cannot take a table down."""

from __future__ import annotations

import math
from typing import Any

from core.i18n import _

NOT_YET = "—"
NOT_A_NUMBER = "⚠"


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def percent(value: Any, digits: int = 2) -> str:
    """0.97724 -> "97.72%"; None -> "—"; anything else that is not a number -> "⚠"."""
    if value is None:
        return NOT_YET
    return f"{value:.{digits}%}" if _finite(value) else NOT_A_NUMBER


def number(value: Any, spec: str = ".4f") -> str:
    """A value in `spec` format; None -> "—"; a non-number (or a bad spec) -> "⚠"."""
    if value is None:
        return NOT_YET
    if not _finite(value):
        return NOT_A_NUMBER
    try:
        return format(value, spec)
    except (ValueError, TypeError):
        return NOT_A_NUMBER


def unverified(text: str, verified: bool) -> str:
    """A figure as shown, marked when this server did not measure it ("97.72% (not verified
    here)"); a dash stays a dash."""
    if verified or text == NOT_YET:
        return text
    return _("{figure} (not verified here)").format(figure=text)
