"""Quorum and tally. Pure: no database, no Flask."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from petitions.vocabulary import BallotChoice, Outcome

CHOICES: tuple[BallotChoice, ...] = tuple(BallotChoice)
OUTCOMES: tuple[Outcome, ...] = tuple(Outcome)


def quorum_needed(eligible: int, fraction: float) -> int:
    """The smallest number of ballots that is more than ``fraction`` of the eligible members."""
    needed = int(eligible * fraction) + 1
    return max(needed, 1)


def quorum_reached(ballots_cast: int, eligible: int, fraction: float) -> bool:
    """Ballots cast (abstentions included) exceed ``fraction`` of the eligible members."""
    return eligible > 0 and ballots_cast > eligible * fraction


def quorum_met(state: Mapping[str, int]) -> bool:
    """A ``quorum_state`` (``cast`` and ``needed``) shows quorum reached."""
    return state["cast"] >= state["needed"]


def tally(choices: Iterable[str]) -> dict[str, int]:
    """Ballots by choice, every choice present."""
    counted = Counter(choices)
    return {choice: counted.get(choice, 0) for choice in CHOICES}
