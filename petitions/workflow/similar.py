"""Concerns a new author should read first: the same contract first, then the closest texts.

Concerns about the same contract lead, labelled as such (most signatures first). Then the best
full-text matches of the title, ranked by the database's own relevance (FTS5's bm25 on SQLite,
``ts_rank`` on PostgreSQL), not by signatures; short and common words do not count. Only
concerns the viewer may see in lists appear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, literal_column, select, text

from petitions.extensions import db
from petitions.models import Concern, User
from petitions.workflow.search import PG_CONCERN_DOCUMENT, listable

SAME_CONTRACT_MAX = 5
TEXT_MAX = 5
CANDIDATES = 50
_WORD = re.compile(r"\w+", re.UNICODE)
# Words that say nothing about what a concern is about.
STOP = frozenset("""about after again against also because been before being both could does doing down during each
from have having here into more most must need other over same should some such than that their them then there these
they this those through under until very what when where which while with would your contract contracts concern
concerns company stop""".split())


@dataclass(frozen=True)
class Match:
    """A similar concern, and whether it is about the same contract."""

    concern: Concern
    same_contract: bool


def words_of(title: str) -> list[str]:
    """The words of a title worth matching: three letters or more, not common ones, at most 12."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(title.lower()):
        if len(word) >= 3 and word not in STOP and not word.isdigit():
            seen.setdefault(word)
    return list(seen)[:12]


def _ranked_ids(words: list[str]) -> list[int]:
    """Concern ids matching any of ``words``, most relevant first."""
    session = db.session()
    if session.get_bind().dialect.name == "postgresql":
        query = func.to_tsquery("english", " | ".join(f"{w}:*" for w in words))
        document: Any = literal_column(PG_CONCERN_DOCUMENT)
        rows = session.execute(
            select(Concern.id).where(document.op("@@")(query))
            .order_by(func.ts_rank(document, query).desc(), Concern.id.desc()).limit(CANDIDATES))
        return [row[0] for row in rows]
    expression = " OR ".join('"' + w.replace('"', '""') + '"*' for w in words)
    rows = session.execute(text(
        "SELECT rowid FROM concerns_fts WHERE concerns_fts MATCH :q ORDER BY bm25(concerns_fts), rowid DESC LIMIT :n"
    ), {"q": expression, "n": CANDIDATES})
    return [row[0] for row in rows]


def find(viewer: User, contract_id: int | None, title: str, *, exclude_id: int | None = None) -> list[Match]:
    """Same contract first (labelled), then the best text matches, each concern once."""
    found: list[Match] = []
    excluded = {exclude_id} if exclude_id else set()
    if contract_id:
        query = (listable(viewer).where(Concern.contract_id == contract_id, Concern.id.not_in(excluded))
                 .order_by(Concern.signature_count.desc(), Concern.id.desc()).limit(SAME_CONTRACT_MAX))
        found = [Match(c, True) for c in db.session.scalars(query)]
    words = words_of(title)
    if not words:
        return found
    ids = [i for i in _ranked_ids(words) if i not in excluded and i not in {m.concern.id for m in found}]
    if not ids:
        return found
    visible = {c.id: c for c in db.session.scalars(listable(viewer).where(Concern.id.in_(ids)))}
    ranked = [visible[i] for i in ids if i in visible][:TEXT_MAX]
    return found + [Match(c, c.contract_id == contract_id) for c in ranked]
