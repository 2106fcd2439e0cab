"""A run's status in words, in the session's language: a short label for the tables (Runs,
the teacher's board), and what it means for a run being watched live (Train, Transfer).

The statuses are stored in a run's folder and compared in core; the words are English msgids
(N_), shown with _().
"""

from __future__ import annotations

from core.i18n import N_, _

# As shown in a table.
RUN_STATUS = {
    "created": N_("starting"),
    "queued": N_("queued"),
    "running": N_("training"),
    "paused": N_("paused"),
    "stopping": N_("stopping"),
    "finished": N_("finished"),
    "stopped": N_("stopped"),
    "failed": N_("failed"),
    "interrupted": N_("interrupted"),
}
# As shown above a live run's charts.
STATUS_TEXT = {
    "created": N_("starting"),
    "queued": N_("queued"),
    "running": N_("training"),
    "paused": N_("paused"),
    "stopping": N_("stopping at the next batch"),
    "finished": N_("finished"),
    "stopped": N_("stopped (kept its last good state)"),
    "failed": N_("failed"),
    # A run object of this server is interrupted only when its Ray worker died (a server that
    # stopped takes its runs with it; the Runs page shows those as "interrupted").
    "interrupted": N_("interrupted (its cluster worker stopped)"),
}


def status_label(status: str) -> str:
    """A run's status in a table cell."""
    return _(RUN_STATUS[status]) if status in RUN_STATUS else status


def status_text(status: str) -> str:
    """A live run's status in words."""
    return _(STATUS_TEXT[status]) if status in STATUS_TEXT else status
