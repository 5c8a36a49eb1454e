"""The breakdown rule: what a reader who may not see committee-only names learns from the counts.

Pure: no database, no Flask. The input is every (department, location) *cell* of a concern's
signers with its public and committee-visibility counts; anonymous signatures carry neither
field and are one line elsewhere.

The rule (DESIGN.md, "The people and what each may see"), for such a reader:

- a group (a department, or a location) shows its public signers; its committee-visibility
  signers are added to it only when they are at least ``k``; otherwise they are added to one
  unnamed line, "in smaller groups";
- no group is ever named because of committee-only signers alone: a group is named only when it
  holds a public signer (whose name and department the reader knows anyway);
- no count is ever ``None``.

Two choices here are stricter than the sentence in DESIGN.md, and why:

1. *k applies per cell* (department x location), not per group. A committee-only signer's
   count joins the department table and the location table only when that signer's cell holds at
   least ``k`` committee-only signers and both of its groups are named. Applied per group, the two
   tables could be combined: "Engineering +5" and "Toronto +5" out of 5 committee-only signers
   says all five are Toronto engineers, a cell of any size. Per cell, every committee count that
   reaches a table belongs to a cell of at least ``k``, and the unnamed line is the same number in
   both tables, so the tables say nothing together that each does not say alone.
2. *The unnamed line cannot be solved.* A reader who knows the public signers knows which cells
   were shown; every other cell of the company could hold unnamed signers, each fewer than ``k``
   (if all the group's members are also named). When the unnamed line is so large that the cells
   left could only hold it one way (every one at ``k - 1``), or only one cell is left to hold it,
   the counts would tell where those signers are; then every committee-only signer goes to the
   unnamed line. ``tests/privacy/test_breakdown_attacks.py`` enumerates small inputs and checks
   that no suppressed count has only one possible value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Cell = tuple[str, str]  # (department, location) at signing time
DIMENSIONS = ("department", "location")


@dataclass(frozen=True)
class Counts:
    """Public and committee-visibility signers of one cell."""

    public: int = 0
    committee: int = 0


@dataclass(frozen=True)
class Table:
    """One dimension's groups, by name, and the unnamed line."""

    groups: tuple[tuple[str, int], ...]
    smaller: int


def _group(cell: Cell, by: str) -> str:
    return cell[DIMENSIONS.index(by)]


def full(cells: Mapping[Cell, Counts], by: str) -> Table:
    """For a reader who may see committee-only names anyway: every group with its whole count."""
    totals: dict[str, int] = {}
    for cell, counts in cells.items():
        if counts.public + counts.committee:
            name = _group(cell, by)
            totals[name] = totals.get(name, 0) + counts.public + counts.committee
    return Table(tuple(sorted(totals.items())), 0)


def shown_cells(cells: Mapping[Cell, Counts], universe: Iterable[Cell], k: int) -> set[Cell]:
    """The cells whose committee-only signers may join the named groups (see the module's rule)."""
    named = {by: {_group(c, by) for c, n in cells.items() if n.public} for by in DIMENSIONS}
    shown = {
        cell for cell, n in cells.items()
        if n.committee >= k and all(_group(cell, by) in named[by] for by in DIMENSIONS)
    }
    universe = set(universe) | set(cells)
    hidden = sum(n.committee for c, n in cells.items() if c not in shown)
    everyone = hidden + sum(cells[c].committee for c in shown)
    room = len(universe - shown)  # cells that could hold the unnamed signers, as a reader sees it
    capacity = max(k - 1, 1)
    if (hidden and (room <= 1 or hidden >= room * capacity)) or everyone >= len(universe) * capacity:
        return set()  # the unnamed line could be placed: fold every committee-only signer into it
    return shown


def limited(cells: Mapping[Cell, Counts], universe: Iterable[Cell], k: int, by: str) -> Table:
    """For a reader who may not see committee-only names: the rule above, for one dimension."""
    universe = set(universe) | set(cells)
    shown = shown_cells(cells, universe, k)
    totals: dict[str, int] = {}
    smaller = 0
    for cell, counts in cells.items():
        name = _group(cell, by)
        if counts.public:
            totals[name] = totals.get(name, 0) + counts.public
        if cell in shown:
            totals[name] = totals.get(name, 0) + counts.committee
        else:
            smaller += counts.committee
    return Table(tuple(sorted(totals.items())), smaller)
