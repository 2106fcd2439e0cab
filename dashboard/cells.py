"""Table cells for figures that may not exist yet: Streamlit's grid prints a missing number
as "None", which reads like a value; a dash says "not yet"."""

from __future__ import annotations

NOT_YET = "—"


def percent(value: float | None, digits: int = 2) -> str:
    """0.97724 -> "97.72%"; None -> "—"."""
    return NOT_YET if value is None else f"{value:.{digits}%}"


def number(value: float | None, spec: str = ".4f") -> str:
    """A value in `spec` format; None -> "—"."""
    return NOT_YET if value is None else format(value, spec)
