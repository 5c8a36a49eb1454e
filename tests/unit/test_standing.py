"""Where a concern stands, computed from its state, its deadline and its dated steps (pure)."""

from __future__ import annotations

from datetime import date, datetime

from petitions.heard.words import long_day
from petitions.workflow.standing import Next, Step, next_of, timeline_of

NOW = datetime(2026, 12, 1, 12, 0)


def test_the_log_gives_the_steps_in_order_by_day_without_times() -> None:
    events = [("concern.drafted", datetime(2026, 3, 1, 9)), ("concern.published", datetime(2026, 3, 1, 9, 5)),
              ("concern.routed", datetime(2026, 3, 9, 17, 42)), ("concern.rejected", datetime(2026, 3, 10)),
              ("concern.restored", datetime(2026, 3, 10, 1)), ("signers.viewed", datetime(2026, 3, 11))]
    steps = timeline_of(events, {"published_at": datetime(2026, 3, 1, 9, 5), "routed_at": datetime(2026, 3, 9)})
    assert steps == [Step("published", date(2026, 3, 1)), Step("routed", date(2026, 3, 9)),
                     Step("rejected", date(2026, 3, 10)), Step("restored", date(2026, 3, 10))]


def test_a_referral_is_one_step_and_columns_fill_what_the_log_lacks() -> None:
    events = [("concern.published", datetime(2026, 3, 1)), ("concern.referred", datetime(2026, 3, 2))]
    columns = {"published_at": datetime(2026, 3, 1), "routed_at": datetime(2026, 3, 2),
               "closed_at": None, "acknowledged_at": datetime(2026, 3, 4)}
    assert [s.step for s in timeline_of(events, columns)] == ["published", "referred", "acknowledged"]


def test_what_is_owed_follows_the_state_and_the_stored_deadline() -> None:
    due = datetime(2026, 12, 8, 10, 30)
    assert next_of("open", False, due, NOW, 3, 25) == Next("sign", "signers", date(2026, 12, 8), False, 22)
    assert next_of("in_review", False, due, NOW) == Next("acknowledge", "committee", date(2026, 12, 8), False)
    assert next_of("in_review", True, due, NOW) == Next("decide", "committee", date(2026, 12, 8), False)
    assert next_of("decided", True, due, NOW) == Next("respond", "leadership", date(2026, 12, 8), False)
    late = next_of("decided", True, datetime(2026, 11, 30), NOW)
    assert late is not None and late.overdue
    for status in ("draft", "responded", "withdrawn", "closed", "rejected"):
        assert next_of(status, True, due, NOW) is None
    assert next_of("open", False, None, NOW) is None


def test_days_are_written_as_people_write_them() -> None:
    assert long_day(date(2026, 12, 8), today=date(2026, 12, 1)) == "8 December"
    assert long_day(datetime(2025, 3, 4, 23, 59), today=date(2026, 12, 1)) == "4 March 2025"
    assert long_day(None) == ""
