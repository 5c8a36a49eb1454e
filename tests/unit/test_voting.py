"""Quorum and tally (the breakdown rule is tests/unit/test_anonymity.py and tests/privacy)."""

import pytest

from petitions.workflow.voting import quorum_needed, quorum_reached, tally


@pytest.mark.parametrize(
    ("cast", "eligible", "reached"),
    [(0, 5, False), (2, 5, False), (3, 5, True), (2, 4, False), (3, 4, True), (1, 1, True), (0, 0, False), (1, 2, False)],
)
def test_quorum_is_more_than_half(cast: int, eligible: int, reached: bool) -> None:
    assert quorum_reached(cast, eligible, 0.5) is reached
    if eligible:
        assert quorum_reached(quorum_needed(eligible, 0.5), eligible, 0.5)
        assert not quorum_reached(quorum_needed(eligible, 0.5) - 1, eligible, 0.5)


def test_tally_counts_every_choice() -> None:
    assert tally(["uphold", "abstain", "uphold"]) == {"uphold": 2, "uphold_in_part": 0, "not_uphold": 0, "abstain": 1}
