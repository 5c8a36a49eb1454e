"""How leadership's stance compares with the committee's outcome. Pure."""

from __future__ import annotations

from petitions.vocabulary import Stance

STANCES: tuple[Stance, ...] = tuple(Stance)

# How far each stance is from each outcome: 0 agrees, 1 partly diverges, 2 diverges.
_DISTANCE = {
    ("uphold", "accept"): 0, ("uphold", "accept_in_part"): 1, ("uphold", "decline"): 2,
    ("uphold_in_part", "accept"): 1, ("uphold_in_part", "accept_in_part"): 0, ("uphold_in_part", "decline"): 2,
    ("not_uphold", "accept"): 2, ("not_uphold", "accept_in_part"): 1, ("not_uphold", "decline"): 0,
}


def divergence(outcome: str, stance: str | None) -> str:
    """``agrees``, ``partly_diverges``, ``diverges``, or ``no_response`` (automatic publication)."""
    if stance is None:
        return "no_response"
    return ("agrees", "partly_diverges", "diverges")[_DISTANCE[(outcome, stance)]]


def describe(outcome: str, stance: str | None) -> str:
    """One plain sentence for the page."""
    committee = {"uphold": "upheld the concern", "uphold_in_part": "upheld the concern in part",
                 "not_uphold": "did not uphold the concern"}[outcome]
    if stance is None:
        return f"The committee {committee}; leadership did not respond in time."
    leadership = {"accept": "accepted", "accept_in_part": "accepted in part", "decline": "declined"}[stance]
    verdict = {"agrees": "Leadership's response follows the committee.",
               "partly_diverges": "Leadership's response partly diverges from the committee's decision.",
               "diverges": "Leadership's response diverges from the committee's decision."}[divergence(outcome, stance)]
    return f"The committee {committee}; leadership {leadership}. {verdict}"
