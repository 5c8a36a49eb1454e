"""The published register: responded concerns with their outcome, stance and timings; and the figures."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import extract, func, select

from petitions.clock import utcnow
from petitions.extensions import db
from petitions.models import Concern, Contract, Decision, Response, User
from petitions.workflow import settings
from petitions.workflow.errors import Invalid
from petitions.workflow.outcomes import STANCES, divergence
from petitions.workflow.paging import paginate, parse_paging
from petitions.workflow.search import matches
from petitions.workflow.states import Status
from petitions.workflow.text import FieldErrors
from petitions.workflow.voting import OUTCOMES


def _days(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return round((end - start).total_seconds() / 86400, 1)


@dataclass
class Outcome:
    """One published outcome as the register shows it."""

    concern_id: int
    title: str
    contract_id: int
    contract_title: str
    contract_status: str
    outcome: str
    stance: str | None
    automatic: bool
    divergence: str
    responded_at: datetime
    days_to_acknowledge: float | None
    days_to_decide: float | None
    days_to_respond: float | None

    @property
    def diverges(self) -> bool | None:
        """True when leadership's stance departs from the committee (None when automatic)."""
        return None if self.automatic else self.divergence != "agrees"


def _query(filters: dict[str, Any]) -> Any:
    """The register's rows, filtered; raises ``Invalid`` on a bad filter."""
    fields: dict[str, str] = {}
    query = (
        select(Concern, Contract, Decision, Response)
        .join(Contract, Contract.id == Concern.contract_id)
        .join(Decision, Decision.id == Concern.decision_id)
        .join(Response, Response.id == Concern.response_id)
        .where(Concern.status == Status.RESPONDED.value)
    )
    if filters.get("contract_id") not in (None, ""):
        try:
            query = query.where(Concern.contract_id == int(filters["contract_id"]))
        except (TypeError, ValueError):
            fields["contract_id"] = "Choose a contract from the list."
    outcome = filters.get("outcome") or ""
    if outcome:
        if outcome not in OUTCOMES:
            fields["outcome"] = f"Outcome must be one of: {', '.join(o.label for o in OUTCOMES)}."
        query = query.where(Decision.outcome == outcome)
    stance = filters.get("stance") or ""
    if stance == "automatic":
        query = query.where(Response.automatic.is_(True))
    elif stance:
        if stance not in STANCES:
            fields["stance"] = f"Stance must be one of: {', '.join(s.label for s in STANCES)}, or no response in time."
        query = query.where(Response.stance == stance)
    if filters.get("year") not in (None, ""):
        try:
            query = query.where(extract("year", Concern.responded_at) == int(filters["year"]))
        except (TypeError, ValueError):
            fields["year"] = "year must be a number such as 2026."
    words = FieldErrors()
    q = words.search("q", filters.get("q"))
    fields.update(words.errors)
    if q and not words.errors:
        query = query.where(matches(q))
    if fields:
        raise Invalid("Bad register filters.", fields)
    return query.order_by(Concern.responded_at.desc(), Concern.id.desc())


def _outcome(concern: Concern, contract: Contract, decision: Decision, response: Response) -> Outcome:
    return Outcome(
        concern_id=concern.id, title=concern.title, contract_id=contract.id, contract_title=contract.title,
        contract_status=contract.status, outcome=decision.outcome, stance=response.stance,
        automatic=response.automatic, divergence=divergence(decision.outcome, response.stance),
        responded_at=response.published_at,
        days_to_acknowledge=_days(concern.routed_at, concern.acknowledged_at),
        days_to_decide=_days(concern.acknowledged_at, concern.decided_at),
        days_to_respond=_days(concern.decided_at, concern.responded_at),
    )


def page(viewer: User, filters: dict[str, Any]) -> tuple[list[Outcome], int, int, int]:
    """A page of the register: (items, total, page, per_page)."""
    page_n, per_n = parse_paging(filters.get("page"), filters.get("per_page"))
    query = _query(filters)
    found = paginate(query, page_n, per_n, rows=True)
    return [_outcome(*row) for row in found.items], found.total, page_n, per_n


def every(viewer: User, filters: dict[str, Any]) -> Iterator[Outcome]:
    """Every matching outcome, newest first, streamed (for the CSV export)."""
    query = _query(filters).execution_options(yield_per=500)
    for row in db.session.execute(query):
        yield _outcome(*row)


def figures(viewer: User, now: datetime | None = None) -> dict[str, Any]:
    """Transparency figures: how many concerns reached each step, how long steps took, how many ran late."""
    now = now or utcnow()
    session = db.session
    published = Concern.published_at.is_not(None)
    counts = {
        "raised": session.scalar(select(func.count()).where(published)) or 0,
        "routed": session.scalar(select(func.count()).where(Concern.routed_at.is_not(None))) or 0,
        "decided": session.scalar(select(func.count()).where(Concern.decided_at.is_not(None))) or 0,
        "responded": session.scalar(select(func.count()).where(Concern.responded_at.is_not(None))) or 0,
    }
    rows = session.execute(
        select(Concern.routed_at, Concern.acknowledged_at, Concern.decided_at, Concern.responded_at)
        .where(Concern.routed_at.is_not(None))
    ).all()
    limits = {"acknowledge": int(settings.get("ACKNOWLEDGE_DAYS")), "decide": int(settings.get("DECIDE_DAYS")),
              "respond": int(settings.get("RESPOND_DAYS"))}
    spans: dict[str, list[float]] = {"acknowledge": [], "decide": [], "respond": []}
    for routed, acked, decided, responded in rows:
        for step, start, end in (("acknowledge", routed, acked), ("decide", acked, decided),
                                 ("respond", decided, responded)):
            days = _days(start, end)
            if days is not None:
                spans[step].append(days)
    late = {step: sum(1 for d in values if d > limits[step]) for step, values in spans.items()}
    overdue_now = session.scalar(select(func.count()).where(
        Concern.status.in_([Status.IN_REVIEW.value, Status.DECIDED.value]), Concern.due_at < now)) or 0
    outcome_counts = Counter(session.scalars(select(Decision.outcome)))
    stance_rows = session.execute(select(Response.stance, Response.automatic)).all()
    stances = Counter("automatic" if automatic else stance for stance, automatic in stance_rows)
    return {
        "counts": counts,
        "median_days": {step: (round(statistics.median(v), 1) if v else None) for step, v in spans.items()},
        "late": late,
        "overdue_now": overdue_now,
        "outcomes": {o: outcome_counts.get(o, 0) for o in OUTCOMES},
        "stances": {s: stances.get(s, 0) for s in (*STANCES, "automatic")},
        "limits": limits,
    }
