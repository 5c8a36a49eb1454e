"""Company-scale data, generated fast through bulk inserts that keep every invariant.

- people (departments, locations; a committee, leadership and an admin by role grants);
- contracts; concerns in every state with the columns each state requires (CHECK constraints),
  decisions and responses tied to their concerns by the deferred composite keys;
- signatures: the keyed ``signer_hash`` of the real key (so the app's own look-ups work), one
  per person and concern, anonymous rows without user, department or location and with the day
  only, ``signed_on`` the day of ``signed_at``; the counts in each concern row equal its rows.

PostgreSQL gets COPY, SQLite one ``executemany`` per table, each inside one transaction.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, text

STATES = {"draft": 500, "open": 4000, "in_review": 1500, "decided": 500, "responded": 2000, "withdrawn": 500,
          "closed": 500, "rejected": 500}
WORDS = ("surveillance border agency cloud contract data retention biometric facial recognition drone defence "
         "detention logistics analytics tracking predictive policing health records migrant census").split()
DEPARTMENTS = [f"Department {n}" for n in range(24)]
LOCATIONS = [f"Office {n}" for n in range(9)]
VISIBILITIES = ("public", "committee", "anonymous")


@dataclass
class World:
    """What the generator made, for the benchmark to aim at."""

    people: int
    concerns: dict[str, list[int]] = field(default_factory=dict)  # state -> ids
    big: int = 0  # the open concern that gets 100,000 signatures
    committee: list[int] = field(default_factory=list)
    signed: dict[int, int] = field(default_factory=dict)  # concern id -> signatures so far


def _bulk(engine: Engine, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    with engine.begin() as conn:
        _copy(conn, table, columns, rows)


def _copy(conn: Any, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    raw = conn.connection.driver_connection
    names = ", ".join(columns)
    if conn.dialect.name == "postgresql":
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # noqa: S608
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join("?" for _ in columns)
        raw.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608
                        [tuple(_sqlite(v) for v in row) for row in rows])


def _sqlite(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _fix_sequences(engine: Engine, tables: Sequence[str]) -> None:
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        for table in tables:
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                              f"(SELECT coalesce(max(id), 1) FROM {table}))"))


def build(engine: Engine, people: int, now: datetime, seed: int = 12, states: dict[str, int] | None = None,
          contracts: int = 500) -> World:
    """People, roles, contracts and concerns in every state (no signatures yet)."""
    rng = random.Random(seed)
    world = World(people)
    created = now - timedelta(days=400)
    _bulk(engine, "users", ("id", "email", "name", "department", "location", "active", "created_at"), (
        (i, f"person{i}@bench.example", f"Person {i}", DEPARTMENTS[i % 24], LOCATIONS[i % 9], True, created)
        for i in range(1, people + 1)))
    world.committee = list(range(1, 10))
    grants = [(u, "committee", created) for u in world.committee] + [(u, "leadership", created) for u in (10, 11, 12)]
    _bulk(engine, "role_grants", ("user_id", "role", "granted_at"), grants + [(13, "admin", created)])
    _bulk(engine, "contracts", ("id", "title", "counterparty", "description", "status", "created_at", "updated_at"), (
        (i, f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} services {i}", f"Agency {i % 40}", "", "signed",
         created, created) for i in range(1, contracts + 1)))
    concern_rows, decisions, responses, promote = [], [], [], []
    cid = 0
    for state, many in (states or STATES).items():
        world.concerns[state] = []
        for _ in range(many):
            cid += 1
            world.concerns[state].append(cid)
            published = None if state == "draft" else now - timedelta(days=rng.randint(1, 50), minutes=cid)
            row = _concern(rng, cid, state, published, now, people, contracts)
            concern_rows.append(row)
            if state in ("decided", "responded"):
                decided = published + timedelta(days=20)  # type: ignore[operator]
                decisions.append((cid, cid, "uphold", "Recommend.", "Reasons.", "", 5, 0, 0, 0, 5, 1, decided))
                promote.append((state, cid))
            if state == "responded":
                responses.append((cid, cid, "decline", "Our response.", False, 10, published + timedelta(days=25)))  # type: ignore[operator]
    world.big = world.concerns["open"][0]
    columns = tuple(concern_rows[0])
    with engine.begin() as conn:  # one transaction: the composite keys back to concerns are deferred
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        _copy(conn, "concerns", columns, [tuple(r.values()) for r in concern_rows])
        _copy(conn, "decisions", ("id", "concern_id", "outcome", "recommendation", "rationale", "conditions",
                                  "tally_uphold", "tally_uphold_in_part", "tally_not_uphold", "tally_abstain",
                                  "eligible_members", "decided_by_id", "decided_at"), decisions)
        _copy(conn, "responses", ("id", "concern_id", "stance", "statement", "automatic", "published_by_id",
                                  "published_at"), responses)
        for state, ids in (("decided", [c for s, c in promote if s == "decided"]),
                           ("responded", [c for s, c in promote if s == "responded"])):
            response = "id" if state == "responded" else "NULL"
            for start in range(0, len(ids), 500):
                chunk = ", ".join(str(i) for i in ids[start:start + 500])
                conn.execute(text(f"UPDATE concerns SET status = '{state}', decision_id = id, "  # noqa: S608
                                  f"response_id = {response} WHERE id IN ({chunk})"))
    _fix_sequences(engine, ("users", "contracts", "concerns", "decisions", "responses"))
    return world


def _concern(rng: random.Random, cid: int, state: str, published: datetime | None, now: datetime, people: int,
             contracts: int) -> dict[str, Any]:
    words = rng.sample(WORDS, 4)
    routed = published + timedelta(days=10) if published and state not in ("open", "draft", "withdrawn", "closed") else None
    acknowledged = routed + timedelta(days=3) if routed and (state != "in_review" or cid % 2) else None
    due = {"open": published + timedelta(days=60) if published else None,
           "in_review": (acknowledged + timedelta(days=90)) if acknowledged else (routed + timedelta(days=7) if routed else None)}
    return {
        "id": cid, "contract_id": 1 + cid % contracts, "author_id": 1 + (99 + cid) % people, "author_visibility": "named" if cid % 10 else "committee",
        "title": f"Stop the {words[0]} {words[1]} contract {cid}", "summary": f"Concern about {words[2]} and {words[3]}.",
        "body": f"The {words[0]} work conflicts with our values: {' '.join(words)}. " * 3, "requested_action": "Do not renew.",
        "status": "in_review" if state in ("decided", "responded") else state,
        "review_threshold": 25 if published else None, "signature_count": 0, "count_public": 0, "count_committee": 0,
        "count_anonymous": 0, "created_at": (published or now) - timedelta(days=1), "updated_at": published or now,
        "published_at": published, "due_at": due.get(state), "routed_at": routed, "acknowledged_at": acknowledged,
        "decided_at": routed + timedelta(days=10) if state in ("decided", "responded") and routed else None,
        "responded_at": routed + timedelta(days=15) if state == "responded" and routed else None,
        "withdrawn_at": published + timedelta(days=2) if state == "withdrawn" and published else None,
        "closed_at": published + timedelta(days=60) if state == "closed" and published else None,
        "rejected_at": published + timedelta(days=5) if state == "rejected" and published else None,
        "rejected_from": "open" if state == "rejected" else None,
        "rejection_reason_code": "other" if state == "rejected" else None,
        "rejection_explanation": "Out of our hands." if state == "rejected" else None,
    }


def sign(engine: Engine, world: World, key: str, plan: dict[int, int], now: datetime) -> int:
    """Add ``plan[concern] = n`` signatures, people after those who signed before; returns rows added."""
    secret = key.encode()
    counts: dict[int, list[int]] = {}

    def rows() -> Iterable[tuple[Any, ...]]:
        for concern_id, many in plan.items():
            start = world.signed.get(concern_id, 0)
            tally = counts.setdefault(concern_id, [0, 0, 0])
            for j in range(start, start + many):
                user = 1 + (concern_id * 7919 + j) % world.people if concern_id != world.big else 1 + j
                vis = VISIBILITIES[(j * 7 + concern_id) % 3]
                tally[VISIBILITIES.index(vis)] += 1
                day = now - timedelta(days=(j * 31 + concern_id) % 40)
                at = day.replace(hour=0, minute=0, second=0, microsecond=0) if vis == "anonymous" else day
                anonymous = vis == "anonymous"
                yield (concern_id, hmac.new(secret, f"{user}:{concern_id}".encode(), hashlib.sha256).hexdigest(),
                       None if anonymous else user, vis, "", None if anonymous else DEPARTMENTS[user % 24],
                       None if anonymous else LOCATIONS[user % 9], at, at.date())
            world.signed[concern_id] = start + many

    columns = ("concern_id", "signer_hash", "user_id", "visibility", "statement", "department", "location",
               "signed_at", "signed_on")
    batch: list[tuple[Any, ...]] = []
    added = 0
    for row in rows():
        batch.append(row)
        if len(batch) >= 100_000:
            _bulk(engine, "signatures", columns, batch)
            added, batch = added + len(batch), []
    _bulk(engine, "signatures", columns, batch)
    added += len(batch)
    with engine.begin() as conn:
        for concern_id, (public, committee, anonymous) in counts.items():
            conn.execute(text("UPDATE concerns SET count_public = count_public + :p, count_committee = "
                              "count_committee + :c, count_anonymous = count_anonymous + :a, signature_count = "
                              "signature_count + :p + :c + :a WHERE id = :id"),
                         {"p": public, "c": committee, "a": anonymous, "id": concern_id})
    return added


def spread(world: World, total: int, big: int) -> dict[int, int]:
    """A plan: ``big`` signatures on the big concern, the rest spread over every published concern."""
    others = [c for s, ids in world.concerns.items() if s != "draft" for c in ids if c != world.big]
    plan = {world.big: big}
    rest = total - big
    for n, concern_id in enumerate(others):
        plan[concern_id] = rest // len(others) + (1 if n < rest % len(others) else 0)
    return plan
