"""How leadership's stance compares with the committee's outcome. Pure."""

from __future__ import annotations

from petitions.vocabulary import Outcome, Stance

STANCES: tuple[Stance, ...] = tuple(Stance)

_O, _S = Outcome, Stance
# How far each stance is from each outcome: 0 agrees, 1 partly diverges, 2 diverges.
_DISTANCE: dict[tuple[str, str], int] = {
    (_O.UPHOLD, _S.ACCEPT): 0, (_O.UPHOLD, _S.ACCEPT_IN_PART): 1, (_O.UPHOLD, _S.DECLINE): 2,
    (_O.UPHOLD_IN_PART, _S.ACCEPT): 1, (_O.UPHOLD_IN_PART, _S.ACCEPT_IN_PART): 0, (_O.UPHOLD_IN_PART, _S.DECLINE): 2,
    (_O.NOT_UPHOLD, _S.ACCEPT): 2, (_O.NOT_UPHOLD, _S.ACCEPT_IN_PART): 1, (_O.NOT_UPHOLD, _S.DECLINE): 0,
}


def divergence(outcome: str, stance: str | None) -> str:
    """``agrees``, ``partly_diverges``, ``diverges``, or ``no_response`` (automatic publication)."""
    if stance is None:
        return "no_response"
    return ("agrees", "partly_diverges", "diverges")[_DISTANCE[(outcome, stance)]]


def describe(outcome: str, stance: str | None) -> str:
    """One plain sentence for the page."""
    committee = {_O.UPHOLD: "upheld the concern", _O.UPHOLD_IN_PART: "upheld the concern in part",
                 _O.NOT_UPHOLD: "did not uphold the concern"}[Outcome(outcome)]
    if stance is None:
        return f"The committee {committee}; leadership did not respond in time."
    leadership = {_S.ACCEPT: "accepted", _S.ACCEPT_IN_PART: "accepted in part", _S.DECLINE: "declined"}[Stance(stance)]
    verdict = {"agrees": "Leadership's response follows the committee.",
               "partly_diverges": "Leadership's response partly diverges from the committee's decision.",
               "diverges": "Leadership's response diverges from the committee's decision."}[divergence(outcome, stance)]
    return f"The committee {committee}; leadership {leadership}. {verdict}"
