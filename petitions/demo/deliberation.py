"""The demo company's later steps: the committee at work, decisions, and leadership's responses.

Everything goes through the same services as real use. The immigration concern walks the whole
road: acknowledged with a lead reviewer, a recusal, private notes, perspectives (one invited
from the contract's owner), ballots, a decision to uphold, and leadership's decision not to
pursue the contract. Other concerns stop at each step on the way, and responded ones show each
stance, a divergence and an automatic publication.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from petitions.clock import utcnow
from petitions.extensions import db
from petitions.models import Commitment, Concern, Contract, Response, User
from petitions.workflow import concerns, deadlines, decisions, perspectives, responses, review

if TYPE_CHECKING:
    from petitions.demo.builder import _Company

COMMITTEE = ("amara.okafor", "jonas.weber", "lucia.ferreira")


def _vote_and_decide(company: _Company, concern_id: int, outcome: str, ballots: dict[str, tuple[str, str]],
                     recommendation: str, rationale: str, conditions: str = "") -> None:
    """Each named member casts a ballot; the first records the decision."""
    for member, (choice, reason) in ballots.items():
        decisions.cast_ballot(company.people[member], concern_id, choice, reason)
    decisions.decide(company.people[next(iter(ballots))], concern_id, {
        "outcome": outcome, "recommendation": recommendation, "rationale": rationale, "conditions": conditions})


def _routed(company: _Company, author: str, contract: Contract, signers: list[tuple[str, str, str]],
            referrer: str = "jonas.weber", **text: str) -> int:
    """Publish a concern, gather a few signatures, and have the committee refer it early."""
    concern_id = company.concern(author, contract, publish=True, **text)
    company.sign(concern_id, signers)
    review.refer(company.people[referrer], concern_id)
    company.result.concerns["open"] -= 1
    return concern_id


def _count(company: _Company, state: str) -> None:
    company.result.concerns[state] = company.result.concerns.get(state, 0) + 1


def _members(company: _Company) -> tuple[User, User, User]:
    amara, jonas, lucia = (company.people[m] for m in COMMITTEE)
    return amara, jonas, lucia


def immigration_road(company: _Company, immigration: int, drones: int) -> None:
    """The two concerns routed by signatures: one walks the whole road, one is still deliberated."""
    people = company.people
    amara, jonas, lucia = _members(company)

    # The case that started it all: upheld by the committee, not pursued by leadership.
    review.acknowledge(amara, immigration, lead_reviewer_id=amara.id)
    review.recuse(lucia, immigration, "My spouse works as a contractor for the agency's regional office.")
    review.add_note(amara, immigration, "Legal confirms the contract allows us to withdraw before the start date "
                                        "with a fee; see clause 14.2.")
    review.add_note(jonas, immigration, "We should hear from the account owner before we vote.")
    perspectives.invite(amara, immigration, people["samuel.adeyemi"].id,
                        "You own this contract: please tell the committee what the work involves.")
    perspectives.add(people["samuel.adeyemi"], immigration, "for_contract",
                     "The platform is case management, not targeting. The agency's use is governed by law, and "
                     "walking away means a competitor with fewer safeguards builds it.", "named")
    perspectives.add(people["maria.gonzalez"], immigration, "for_concern",
                     "People I love have been on the other side of these case files. Please weigh that.", "committee")
    perspectives.add(people["peter.jansen"], immigration, "other",
                     "If we proceed, publish the safeguards. If we do not, say so plainly.", "named")
    _vote_and_decide(
        company, immigration, "uphold",
        {"amara.okafor": ("uphold", "The work is central to enforcement operations and conflicts with our values."),
         "jonas.weber": ("uphold", "Link analysis over case files is the capability our charter excludes.")},
        recommendation="Do not proceed with the contract, and publish the criteria for government contracts.",
        rationale="The platform's main purpose is to prioritise people for enforcement. Our stated values exclude "
                  "building tools whose main purpose is to target vulnerable people. The owner's perspective was "
                  "heard: safeguards would not change the purpose.",
        conditions="If the company proceeds, it should publish the safeguards and an independent review.",
    )
    responses.publish(people["margaret.chen"], immigration, {
        "stance": "accept",
        "statement": "We accept the committee's recommendation. **We will not proceed** with the contract and have "
                     "notified the agency. We will publish the criteria we use to approve government contracts.",
        "contract_status": "not_pursued",
        "commitments": [{"text": "Publish the approval criteria for government contracts",
                         "due_on": (utcnow() + timedelta(days=45)).date().isoformat()}],
    })
    company.result.concerns["in_review"] -= 1
    _count(company, "responded")

    # Still with the committee: acknowledged, one ballot cast, notes kept.
    review.acknowledge(jonas, drones, lead_reviewer_id=lucia.id)
    review.add_note(lucia, drones, "Asked research leads whether the models' licence allows this use.")
    decisions.cast_ballot(lucia, drones, "uphold_in_part", "Withdraw the bid; a charter for sales needs more work.")
    perspectives.add(people["leila.haddad"], drones, "other", "Sales would welcome a clear rule either way.", "named")


def keystrokes(company: _Company) -> None:
    """Decided in the last days, awaiting leadership's response."""
    amara, _jonas, _lucia = _members(company)
    monitoring = company.contract(
        "margaret.chen", title="Employee productivity monitoring suite", counterparty="Argus Workplace Analytics",
        description="Keystroke and screen-activity analytics for all staff laptops.", status="negotiating")
    keystrokes = _routed(
        company, "grace.kim", monitoring,
        [("olga.petrova", "public", "Support already feels watched."), ("rosa.martinez", "anonymous", "")],
        title="Do not roll out keystroke monitoring",
        summary="Keystroke and screen recording of all staff is disproportionate and chills speech, including "
                "on this platform.",
        body="Monitoring every keystroke would let managers see drafts of concerns like this one.",
        requested_action="Do not roll out keystroke monitoring; limit any pilot to security incidents.")
    review.acknowledge(amara, keystrokes)
    _vote_and_decide(
        company, keystrokes, "uphold_in_part",
        {"lucia.ferreira": ("uphold", "Chilling effect."), "jonas.weber": ("uphold_in_part", "Security needs some."),
         "amara.okafor": ("uphold_in_part", "Limit to incidents.")},
        recommendation="Do not deploy keystroke capture; allow device security telemetry only.",
        rationale="Security telemetry is proportionate; keystroke and screen capture is not.")
    _count(company, "decided")


def takedowns(company: _Company, registry: dict[str, Contract]) -> int:
    """Responded, accepted in part, with a dated commitment; returns the commitment's id."""
    people = company.people
    takedowns = _routed(
        company, "olga.petrova", registry["hosting"], [("ryan.obrien", "public", "We need clear rules.")],
        title="Add human review before customer content takedowns",
        summary="Automated takedowns for the hosting customer remove lawful content; add a human review step.",
        body="Three wrongful takedowns last quarter.")
    review.acknowledge(company.people["amara.okafor"], takedowns)
    _vote_and_decide(
        company, takedowns, "uphold",
        {"amara.okafor": ("uphold", "Due process."), "jonas.weber": ("uphold", "Agree.")},
        recommendation="Add human review for every takedown within 24 hours.", rationale="Wrongful takedowns.")
    responses.publish(people["samuel.adeyemi"], takedowns, {
        "stance": "accept_in_part",
        "statement": "We will add human review for takedowns that customers appeal, not for every takedown.",
        "commitments": [{"text": "Appeal review within 48 hours",
                         "due_on": (utcnow() + timedelta(days=60)).date().isoformat()}]})
    _count(company, "responded")
    return int(db.session.scalars(select(Commitment.id).join(Response).where(Response.concern_id == takedowns)).one())


def commitment_kept(company: _Company, commitment_id: int) -> None:
    """Leadership marks the takedown commitment done, weeks later; its signers are told."""
    responses.mark_commitment_done(company.people["samuel.adeyemi"], commitment_id,
                                   "Appeals now reach a reviewer within 48 hours; median last month was 19 hours.")


def patrols(company: _Company) -> None:
    """Responded, declined against an upheld decision: a divergence on the record."""
    people = company.people
    policing = company.contract(
        "margaret.chen", title="Predictive patrol data feed", counterparty="City Police Department",
        description="Historical incident data enriched with our mobility signals.", status="active")
    patrols = _routed(
        company, "daniel.osei", policing,
        [("sofia.rossi", "public", "Biased data in, biased patrols out."), ("oliver.wright", "anonymous", "")],
        title="End the predictive patrol data feed",
        summary="Our mobility data feeds a predictive policing model that concentrates patrols in poor "
                "neighbourhoods.",
        body="Independent studies show feedback loops in predictive policing.")
    review.acknowledge(company.people["amara.okafor"], patrols)
    _vote_and_decide(
        company, patrols, "uphold",
        {"jonas.weber": ("uphold", "Feedback loops are documented."), "lucia.ferreira": ("uphold", "Agree."),
         "amara.okafor": ("abstain", "I advised the city on this contract.")},
        recommendation="End the data feed at the next renewal.", rationale="The feed reinforces biased patrols.")
    responses.publish(people["margaret.chen"], patrols, {
        "stance": "decline",
        "statement": "We will keep the feed and commission an external bias audit instead.",
        "commitments": [{"text": "Publish the external bias audit", "due_on": ""}]})
    _count(company, "responded")


def misinformation(company: _Company) -> None:
    """Decided, then published automatically when leadership's deadline passed."""
    ads = company.contract(
        "samuel.adeyemi", title="Programmatic ads on partner news sites", counterparty="Brightline Ad Network",
        description="Display advertising bought through a network that includes known misinformation sites.",
        status="active")
    misinformation = _routed(
        company, "elena.popescu", ads, [("chloe.martin", "public", ""), ("arjun.mehta", "committee", "")],
        title="Stop buying ads on misinformation sites",
        summary="Our ads fund sites that spread health misinformation.", body="See the network's site list.")
    review.acknowledge(company.people["amara.okafor"], misinformation)
    _vote_and_decide(
        company, misinformation, "not_uphold",
        {"amara.okafor": ("not_uphold", "Brand safety lists already apply."), "lucia.ferreira": ("abstain", "Not my area."), "jonas.weber": ("not_uphold", "Out of proportion.")},
        recommendation="Keep the brand-safety exclusions current.", rationale="Existing exclusions cover this.")
    decided = db.session.get(Concern, misinformation)
    assert decided is not None and decided.due_at is not None
    deadlines.auto_publish_one(misinformation, decided.due_at + timedelta(seconds=1))
    _count(company, "responded")


def moderation(company: _Company, registry: dict[str, Contract], immigration: int) -> None:
    """A duplicate rejected with a link to the original; a concern withdrawn by its author."""
    people = company.people
    amara, _jonas, _lucia = _members(company)
    # Moderation: a duplicate rejected with a link to the original; a concern withdrawn by its author.
    duplicate = company.concern(
        "jack.thompson", registry["immigration"], publish=True, title="Cancel the immigration agency contract",
        summary="Same contract, please cancel.", body="Cancel it.")
    review.reject(amara, duplicate, "duplicate", "Please sign the existing concern about this contract instead.",
                  immigration)
    company.result.concerns["open"] -= 1
    _count(company, "rejected")
    withdrawn = company.concern(
        "michael.brown", registry["kiosks"], publish=True, title="Publish why we declined the kiosk pilot",
        summary="Explain the decision.", body="It would help future bids.")
    concerns.withdraw(people["michael.brown"], withdrawn)
    company.result.concerns["open"] -= 1
    _count(company, "withdrawn")
