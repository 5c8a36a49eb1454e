"""Attacks on the breakdowns by a reader who may not see committee-only names (leadership).

Leadership knows the public signers, their departments and locations: every test here subtracts
them, compares two breakdowns around one signature, combines the two tables, or solves the
unnamed line, and fails if that tells more than the visibility table allows.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

import pytest

from petitions.workflow.anonymity import Counts, limited, shown_cells


def _get(api, concern_id: int, by: str) -> dict:
    answer = api.get(f"/api/v1/concerns/{concern_id}/breakdown?by={by}")
    assert answer.status_code == 200, answer.json
    return answer.json


def _groups(answer: dict) -> dict[str, int]:
    return {g["name"]: g["count"] for g in answer["groups"]}


def test_a_concern_whose_only_signer_is_its_committee_only_author_names_no_group(
    make_user, make_concern, api_as
) -> None:
    author = make_user(department="Engineering", location="Toronto")
    concern = make_concern(state="open", author=author, author_visibility="committee")
    leader = api_as(make_user(roles=("leadership",)))
    for by in ("department", "location"):
        answer = _get(leader, concern.id, by)
        assert answer["groups"] == [] and answer["smaller_groups"] == 1, answer
        assert None not in _groups(answer).values() and "null" not in str(answer)


def test_one_committee_only_signature_moves_no_named_group(make_user, make_concern, api_as) -> None:
    # The attack: three of the four Toronto engineers signed publicly; the fourth signs
    # committee-only. Before and after, the named groups must read the same.
    concern = make_concern(state="open", author=make_user(department="Sales", location="Lima"))
    engineers = [make_user(department="Engineering", location="Toronto") for _ in range(4)]
    for person in engineers[:3]:
        assert api_as(person).post(f"/api/v1/concerns/{concern.id}/signatures",
                                   json={"visibility": "public"}).status_code == 201
    for _ in range(3):  # other committee-only support, elsewhere
        api_as(make_user(department="Engineering", location="Austin")).post(
            f"/api/v1/concerns/{concern.id}/signatures", json={"visibility": "committee"})
    leader = api_as(make_user(roles=("leadership",)))
    before = {by: _get(leader, concern.id, by) for by in ("department", "location")}
    api_as(engineers[3]).post(f"/api/v1/concerns/{concern.id}/signatures", json={"visibility": "committee"})
    after = {by: _get(leader, concern.id, by) for by in ("department", "location")}
    for by in ("department", "location"):
        assert after[by]["groups"] == before[by]["groups"], by
        assert after[by]["smaller_groups"] == before[by]["smaller_groups"] + 1
    # Subtracting the public signers the reader knows leaves nothing in any named group.
    assert _groups(after["department"]) == {"Engineering": 3, "Sales": 1}
    assert _groups(after["location"]) == {"Lima": 1, "Toronto": 3}


def test_the_two_tables_cannot_be_combined(make_user, make_concern, api_as) -> None:
    # Five committee-only engineers and five committee-only Torontonians, no cell of five: a rule per
    # group would show "Engineering +5" and "Toronto +5" and place three of them in Toronto engineering.
    concern = make_concern(state="open", author=make_user(department="Engineering", location="Toronto"))
    places = [("Engineering", "Toronto")] * 3 + [("Engineering", "Austin")] * 2 + [("Sales", "Toronto")] * 2
    for department, location in places:
        api_as(make_user(department=department, location=location)).post(
            f"/api/v1/concerns/{concern.id}/signatures", json={"visibility": "committee"})
    for department, location in (("Sales", "Austin"), ("Sales", "Toronto"), ("Engineering", "Austin")):
        api_as(make_user(department=department, location=location)).post(
            f"/api/v1/concerns/{concern.id}/signatures", json={"visibility": "public"})
    leader = api_as(make_user(roles=("leadership",)))
    by_department, by_location = _get(leader, concern.id, "department"), _get(leader, concern.id, "location")
    assert _groups(by_department) == {"Engineering": 2, "Sales": 2}  # the author and one public each
    assert _groups(by_location) == {"Austin": 2, "Toronto": 2}
    assert by_department["smaller_groups"] == by_location["smaller_groups"] == 7
    committee = api_as(make_user(roles=("committee",)))
    assert _groups(_get(committee, concern.id, "department")) == {"Engineering": 7, "Sales": 4}


def test_a_cell_of_k_committee_only_signers_joins_its_named_groups(make_user, make_concern, api_as) -> None:
    concern = make_concern(state="open", author=make_user(department="Legal", location="Paris"))
    for _ in range(5):
        api_as(make_user(department="Legal", location="Paris")).post(
            f"/api/v1/concerns/{concern.id}/signatures", json={"visibility": "committee"})
    answer = _get(api_as(make_user(roles=("leadership",))), concern.id, "department")
    assert _groups(answer) == {"Legal": 6} and answer["smaller_groups"] == 0


def test_a_recused_member_gets_403_on_the_breakdown_page_and_api(
    make_user, make_concern, api_as, client, login_as
) -> None:
    member = make_user(roles=("committee",))
    concern = make_concern(state="in_review")
    api = api_as(member)
    assert api.post(f"/api/v1/concerns/{concern.id}/recuse", json={"reason": "My team built it."}).status_code == 200
    assert api.get(f"/api/v1/concerns/{concern.id}/breakdown?by=department").status_code == 403
    login_as(member)
    page = client.get(f"/committee/concerns/{concern.id}")
    assert page.status_code == 403 or "breakdown-h" not in page.get_data(as_text=True)


def _solvable(k: int, departments: str, locations: str, public_max: int, committee_max: int) -> tuple[int, int]:
    """Every input on a small company; how many leave some suppressed count with one possible value.

    The reader knows each cell's public signers and reads both tables. A cell's committee-only
    count is suppressed when it is not shown; it is *solved* when every input that gives the
    same public signers and the same tables has the same count there. The enumeration bounds each
    cell by ``committee_max``; only inputs whose committee total is within that bound are judged, so
    the bound itself (which a real reader does not have) cannot solve anything.
    """
    universe = [(d, loc) for d in departments for loc in locations]
    classes: dict[tuple, list[tuple[tuple[int, ...], set]]] = defaultdict(list)
    inputs = 0
    for public in itertools.product(range(public_max + 1), repeat=len(universe)):
        for committee in itertools.product(range(committee_max + 1), repeat=len(universe)):
            cells = {c: Counts(p, q) for c, p, q in zip(universe, public, committee, strict=True) if p or q}
            seen = (public, *(limited(cells, universe, k, by) for by in ("department", "location")))
            classes[seen].append((committee, shown_cells(cells, universe, k)))
            inputs += 1
    solved = 0
    for members in classes.values():
        for committee, shown in members:
            if sum(committee) > committee_max:
                continue
            if any(committee[i] and cell not in shown and len({m[0][i] for m in members}) == 1
                   for i, cell in enumerate(universe)):
                solved += 1
    return inputs, solved


@pytest.mark.parametrize(("k", "departments", "locations", "committee_max"),
                         [(2, "AB", "XY", 4), (3, "AB", "XY", 5), (2, "ABC", "X", 5), (5, "AB", "XY", 6)])
def test_no_suppressed_count_has_only_one_possible_value(k, departments, locations, committee_max) -> None:
    inputs, solved = _solvable(k, departments, locations, 1, committee_max)
    assert inputs >= 100 and solved == 0, f"{solved} of {inputs} inputs solved"
