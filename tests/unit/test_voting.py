"""Quorum, tally and the k-anonymous suppression of breakdowns."""

from itertools import combinations

import pytest

from petitions.workflow.voting import quorum_needed, quorum_reached, suppress, tally


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


def test_no_small_group_is_shown() -> None:
    assert suppress({"Legal": 3, "Sales": 12, "Engineering": 40, "Support": 9}, 5) == {
        "Engineering": 40, "Legal": None, "Sales": 12, "Support": None}


def test_a_lone_small_group_takes_the_next_smallest_with_it() -> None:
    # Legal alone could be worked out as total - shown; Support joins it.
    assert suppress({"Legal": 1, "Sales": 12, "Engineering": 40, "Support": 9}, 5) == {
        "Engineering": 40, "Legal": None, "Sales": 12, "Support": None}


def test_two_tiny_groups_below_k_together_take_a_third() -> None:
    assert suppress({"A": 1, "B": 2, "C": 6, "D": 50}, 5) == {"A": None, "B": None, "C": None, "D": 50}


def test_nothing_is_suppressed_when_every_group_is_large() -> None:
    assert suppress({"A": 5, "B": 7}, 5) == {"A": 5, "B": 7}


def test_everything_is_suppressed_when_needed() -> None:
    assert suppress({"A": 2}, 5) == {"A": None}
    assert suppress({"A": 2, "B": 30}, 5) == {"A": None, "B": None}


@pytest.mark.parametrize("k", [2, 5, 10])
def test_no_hidden_count_can_be_derived_exhaustively(k: int) -> None:
    sizes = [1, 2, 3, 4, 5, 6, 9, 15, 40]
    for n in range(1, 5):
        for combo in combinations(sizes, n):
            groups = {f"g{i}": c for i, c in enumerate(combo)}
            shown = suppress(groups, k)
            hidden = [g for g, v in shown.items() if v is None]
            assert all(v is None or v >= k for v in shown.values())
            if hidden:
                assert len(hidden) >= 2 or len(groups) == 1
                assert sum(groups[g] for g in hidden) >= k or len(hidden) == len(groups)
