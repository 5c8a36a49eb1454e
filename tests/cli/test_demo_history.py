"""The demo company's history is spread over past months (replayed through the services), never in the future."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, inspect, select

from petitions.clock import moved, ticking, utcnow
from petitions.extensions import db
from petitions.models import AuditEvent, Commitment, Concern, Response, Signature, User
from petitions.workflow import register


def test_the_clock_can_be_moved_and_replayed_without_touching_real_time() -> None:
    start = datetime(2026, 1, 1, 9)
    with moved(start):
        assert abs(utcnow() - start) < timedelta(seconds=5)
    with ticking(start, timedelta(hours=6), until=start + timedelta(hours=12)):
        assert [utcnow() for _ in range(4)] == [start, start + timedelta(hours=6), start + timedelta(hours=12),
                                                start + timedelta(hours=12)]
    assert utcnow() > datetime(2026, 11, 1)


def test_nothing_is_in_the_future_and_steps_take_days(app, cli) -> None:
    assert cli("demo").exit_code == 0
    now = utcnow()
    with app.app_context():
        for model in (Concern, Signature, Response, AuditEvent, User):
            for column in inspect(model).columns:
                if column.type.python_type is datetime and column.name not in ("due_at", "overdue_notified_for"):
                    latest = db.session.scalar(select(column).order_by(column.desc()).limit(1))
                    assert latest is None or latest <= now, (model.__name__, column.name, latest)
        published = list(db.session.scalars(select(Concern.published_at).where(Concern.published_at.is_not(None))))
        # A year of use: responses in every season, not a burst of weeks.
        assert max(published) - min(published) >= timedelta(days=250)
        assert db.session.scalar(select(func.count()).select_from(Commitment).where(Commitment.done_at.is_not(None)))
        assert (now - min(u for u in db.session.scalars(select(User.created_at)))).days >= 300
        reader = db.session.scalar(select(User).where(User.active.is_(True)).limit(1))
        items = register.page(reader, {"per_page": 100})[0]
        durations = [d for o in items for d in (o.days_to_acknowledge, o.days_to_decide, o.days_to_respond)
                     if d is not None]
        assert durations and all(d >= 0.4 for d in durations), durations  # no step took "0.0 days"
        # Open concerns are still inside their signing window.
        open_due = list(db.session.scalars(select(Concern.due_at).where(Concern.status == "open")))
        assert open_due and all(due > now for due in open_due)
    assert cli("audit", "verify").exit_code == 0
