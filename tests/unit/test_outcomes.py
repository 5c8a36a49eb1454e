"""Divergence between the committee's outcome and leadership's stance."""

import pytest

from petitions.workflow.outcomes import describe, divergence


@pytest.mark.parametrize(
    ("outcome", "stance", "expected"),
    [
        ("uphold", "accept", "agrees"), ("uphold", "accept_in_part", "partly_diverges"), ("uphold", "decline", "diverges"),
        ("uphold_in_part", "accept_in_part", "agrees"), ("uphold_in_part", "decline", "diverges"),
        ("not_uphold", "decline", "agrees"), ("not_uphold", "accept", "diverges"),
        ("uphold", None, "no_response"),
    ],
)
def test_divergence(outcome: str, stance: str | None, expected: str) -> None:
    assert divergence(outcome, stance) == expected


def test_a_decline_of_an_uphold_is_said_plainly() -> None:
    assert "diverges from the committee" in describe("uphold", "decline")
    assert "did not respond in time" in describe("uphold", None)
