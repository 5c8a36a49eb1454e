"""The clock as a table: which setting sets each step's deadline, and the one function that computes it.

The settings in force when a step starts decide its deadline, which is then stored on the
concern (``due_at``), so a later settings change never moves a deadline already running.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from petitions.workflow import settings

# The step that is due -> the policy setting that says how many days it has.
STEP_DAYS: dict[str, str] = {
    "sign": "SIGNING_WINDOW_DAYS",  # publication -> the signing window closes
    "acknowledge": "ACKNOWLEDGE_DAYS",  # routed -> the committee acknowledges
    "decide": "DECIDE_DAYS",  # acknowledged -> the committee decides
    "respond": "RESPOND_DAYS",  # decided -> leadership responds
}


def due(step: str, start: datetime) -> datetime:
    """When ``step`` is due, counted from ``start`` with the settings in force now."""
    return start + timedelta(days=int(settings.get(STEP_DAYS[step])))
