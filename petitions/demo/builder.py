"""Builds the demo company, only through the services (so it is audited like real use).

About forty people in several departments and locations (``data``), a contract registry and
concerns in every state (``scenario``), which ``deliberation`` takes through the committee and
leadership. Only the demo logins get a password; everyone else is like an HR import.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select

from petitions import clock
from petitions.demo import deliberation
from petitions.demo.data import DEMO_PASSWORD, DEMO_THRESHOLD, LOGINS, PEOPLE, email
from petitions.demo.scenario import _concerns, _contracts
from petitions.extensions import db
from petitions.models import Contract, User
from petitions.workflow import accounts, concerns, contracts, settings, signatures


def is_loaded() -> bool:
    """Whether the demo company's admin account exists."""
    return bool(db.session.scalar(select(func.count()).select_from(User).where(User.email == email(LOGINS[0][1]))))


@dataclass
class DemoResult:
    """What ``load`` created."""

    users: int = 0
    contracts: int = 0
    concerns: dict[str, int] = field(default_factory=dict)


class _Company:
    """The people by email local part, and helpers that go through the services."""

    def __init__(self) -> None:
        self.people: dict[str, User] = {}
        self.result = DemoResult()

    def hire(
        self,
        local: str,
        name: str,
        department: str,
        location: str,
        roles: tuple[str, ...] = (),
        password: str | None = None,
    ) -> None:
        """Create one account."""
        self.people[local] = accounts.create_user(
            email=email(local),
            name=name,
            password=password,
            roles=roles,
            department=department,
            location=location,
        )
        self.result.users += 1

    def contract(self, actor: str, **data: object) -> Contract:
        """Create (leadership) or report (anyone else) a contract."""
        contract = contracts.create_contract(self.people[actor], dict(data))
        self.result.contracts += 1
        return contract

    def concern(self, author: str, contract: Contract, *, publish: bool, visibility: str = "named", **text: str) -> int:
        """Draft or publish a concern; returns its id."""
        data = {"contract_id": contract.id, "author_visibility": visibility, **text}
        concern = concerns.create(self.people[author], data, publish=publish)
        state = "open" if publish else "draft"
        self.result.concerns[state] = self.result.concerns.get(state, 0) + 1
        return int(concern.id)

    def sign(self, concern_id: int, rows: list[tuple[str, str, str]]) -> signatures.SignResult | None:
        """Sign as each (person, visibility, statement); returns the last result."""
        result = None
        for local, visibility, statement in rows:
            result = signatures.sign(self.people[local], concern_id, visibility, statement)
        return result


def load() -> DemoResult:
    """Create the demo company. Run it on an empty database (the CLI checks)."""
    company = _Company()
    now = clock.utcnow()
    # The company's history is replayed through the services on a moved clock (never raw SQL), so
    # the register, the figures and the timelines look like a year of use: people and contracts
    # a year ago; one concern taken to a response each season; the concerns routed by signatures
    # raised about eight weeks ago (the open ones still inside their signing window); a decision
    # in the last days still waiting for leadership. Nothing is dated after yesterday.
    def days_ago(days: float) -> datetime:
        return now - timedelta(days=days)

    def season(first: float, last: float, step_hours: float = 2) -> AbstractContextManager[None]:
        return clock.ticking(days_ago(first), timedelta(hours=step_hours), until=days_ago(last))

    with clock.moved(days_ago(330)):
        for _role, local, name, department, location, roles in LOGINS:
            company.hire(local, name, department, location, roles, password=DEMO_PASSWORD)
        for local, name, department, location in PEOPLE:
            company.hire(local, name, department, location)
        settings.update(company.people["priya.raman"], {"REVIEW_THRESHOLD": DEMO_THRESHOLD})
        threshold = int(settings.get("REVIEW_THRESHOLD"))
        registry = _contracts(company)
    with season(300, 270, step_hours=9):
        commitment = deliberation.takedowns(company, registry)
    with season(262, 261):
        deliberation.commitment_kept(company, commitment)
    with season(215, 185, step_hours=11):
        deliberation.patrols(company)
    with season(150, 120, step_hours=7):
        deliberation.misinformation(company)
    with season(56, 49.5):
        immigration, drones = _concerns(company, registry, threshold)
    with season(49, 12):
        deliberation.immigration_road(company, immigration, drones)
        deliberation.moderation(company, registry, immigration)
    with season(8, 1):
        deliberation.keystrokes(company)
    return company.result
