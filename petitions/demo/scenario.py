"""The demo's contract registry and concerns: one contract per kind of status, concerns in draft,
open and in review with public, committee-only and anonymous signatures."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from petitions.models import Contract
from petitions.vocabulary import Status

if TYPE_CHECKING:
    from petitions.demo.builder import _Company


def _contracts(company: _Company) -> dict[str, Contract]:
    """The registry: one contract per kind of status, the immigration deal first."""
    start = date.today() + timedelta(days=30)
    return {
        "immigration": company.contract(
            "margaret.chen",
            title="Case-management and analytics platform",
            counterparty="Federal Immigration Enforcement Agency",
            description=(
                "A three-year contract to build, host and operate a case-management and analytics platform "
                "for the agency's enforcement operations, including data integration with partner agencies, "
                "link analysis across case files, and on-site support engineers."
            ),
            value="48500000.00",
            currency="USD",
            starts_on=start.isoformat(),
            ends_on=(start + timedelta(days=3 * 365)).isoformat(),
            owner_id=company.people["samuel.adeyemi"].id,
            status="signed",
        ),
        "hosting": company.contract(
            "margaret.chen",
            title="Managed cloud hosting and 24/7 operations",
            counterparty="Northwind Retail Group",
            description="Hosting, monitoring and incident response for the customer's e-commerce platform.",
            value="3200000.00",
            currency="EUR",
            starts_on=(date.today() - timedelta(days=400)).isoformat(),
            ends_on=(date.today() + timedelta(days=330)).isoformat(),
            status="active",
        ),
        "drones": company.contract(
            "samuel.adeyemi",
            title="Drone-imagery analysis for perimeter surveillance (bid)",
            counterparty="Halvorsen Defence Systems",
            description=(
                "Subcontract bid: computer-vision models that classify people and vehicles in drone footage "
                "for a defence contractor's perimeter-surveillance product."
            ),
            value="7800000.00",
            currency="USD",
            status="negotiating",
        ),
        "broker": company.contract(
            "samuel.adeyemi",
            title="Audience enrichment data partnership",
            counterparty="Meridian Data Exchange",
            description=(
                "Two-way exchange: our product usage signals in return for the broker's demographic and "
                "location segments, to be joined on hashed email addresses."
            ),
            status="proposed",
        ),
        "prisons": company.contract(
            "carlos.mendes",
            title="Staffing and scheduling analytics for detention facilities",
            counterparty="Corrections Services Group",
            description=(
                "A customer success call mentioned a pilot with a private detention operator. Reporting it so "
                "leadership can confirm the details."
            ),
        ),
        "kiosks": company.contract(
            "margaret.chen",
            title="Facial-recognition check-in kiosks pilot",
            counterparty="Metro Transit Authority",
            description="A pilot we were invited to bid on and decided not to pursue.",
            status="not_pursued",
        ),
    }


def _concerns(company: _Company, registry: dict[str, Contract], threshold: int) -> tuple[int, int]:
    """Concerns in draft, open and in_review, with signatures of every visibility; returns the routed two."""

    # In review: reached the threshold through ordinary signing, so routing happened as in real use.
    immigration = company.concern(
        "dana.reyes",
        registry["immigration"],
        publish=True,
        title="Do not build enforcement tooling for the immigration agency",
        summary=(
            "The case-management contract would put our analytics at the centre of deportation operations. "
            "We ask leadership not to proceed, and to publish the criteria used to approve it."
        ),
        body=(
            "## What the contract does\n\nThe platform links case files, address histories and data from partner "
            "agencies so that enforcement officers can prioritise who to pursue.\n\n## Why it conflicts with our "
            "values\n\nOur code of conduct commits us to *not building tools whose main purpose is to surveil or "
            "target vulnerable people*. Several colleagues have been directly affected by this agency's "
            "operations.\n\n## What we ask\n\n1. Do not proceed with the contract.\n2. Publish the review criteria "
            "used to approve government contracts."
        ),
        requested_action="Do not proceed with the contract, and publish the approval criteria for government deals.",
    )
    rows = [
        ("wei.zhang", "public", "I joined this company because of the values statement. This contract contradicts it."),
        (
            "maria.gonzalez",
            "anonymous",
            "Members of my family have been through removal proceedings. I cannot sign with my name.",
        ),
        ("tobias.schmidt", "committee", "I would be asked to work on the data integration. I will not."),
        ("aisha.khan", "public", ""),
        ("joao.silva", "anonymous", "Some of us hold visas. Please keep that in mind when you read the count."),
        (
            "noah.levi",
            "committee",
            "Link analysis across case files is exactly the capability we said we would not sell.",
        ),
        ("sofia.rossi", "public", "At minimum, publish the criteria used to approve it."),
        ("grace.kim", "anonymous", ""),
        ("chloe.martin", "public", "Product should have been consulted before this was signed."),
        ("kenji.watanabe", "committee", ""),
        ("ines.almeida", "anonymous", "Legal risk aside, this is a question of who we are."),
    ]
    _sign_past_threshold(company, immigration, rows, threshold)

    drones = company.concern(
        "noah.levi",
        registry["drones"],
        publish=True,
        visibility="committee",
        title="Withdraw the drone-imagery bid",
        summary="Classifying people in surveillance footage for a defence contractor is outside what our research "
        "team agreed to build. We ask that the bid be withdrawn.",
        body="The bid repurposes our open research models. The research charter excludes military and surveillance "
        "targeting uses. We ask for the bid to be withdrawn and the charter to be applied to sales proposals.",
        requested_action="Withdraw the bid and apply the research charter to future proposals.",
    )
    rows = [
        ("hannah.mueller", "committee", "Our models were published under a research-only licence for a reason."),
        ("daniel.osei", "public", "I reviewed the dataset card. It was never meant for this."),
        ("oliver.wright", "anonymous", ""),
        ("fatima.diallo", "public", ""),
        ("emily.carter", "committee", "I am on the team that would deliver this."),
        ("elena.popescu", "public", "Please apply the charter to sales as well."),
        ("yusuf.aydin", "anonymous", "Where I grew up, drones like these were not used for perimeters."),
        ("thi.nguyen", "public", ""),
        ("leila.haddad", "committee", "As someone in sales: we can win business without this."),
        ("arjun.mehta", "public", ""),
        ("rosa.martinez", "anonymous", ""),
    ]
    _sign_past_threshold(company, drones, rows, threshold)

    # Open, gathering support, below the threshold.
    broker = company.concern(
        "chloe.martin",
        registry["broker"],
        publish=True,
        title="Require user consent before any data-broker exchange",
        summary="Joining our usage data with a broker's location segments would break the promise in our privacy "
        "notice. Any exchange should need explicit, opt-in consent.",
        body="The proposed partnership joins hashed emails, which are trivially reversible for a broker with its own "
        "email lists. Our privacy notice says we never sell or share usage data for advertising.",
        requested_action="Pause the partnership until a privacy review and opt-in consent are in place.",
    )
    company.sign(
        broker,
        _below(
            threshold,
            [
                ("samira.benali", "public", "The privacy notice is unambiguous."),
                ("dana.reyes", "committee", "Hashed emails are not anonymous."),
                ("luca.bianchi", "anonymous", ""),
                ("david.cohen", "public", "This needs a data-protection impact assessment first."),
                ("beatriz.costa", "anonymous", "Customers in Lisbon ask us about this every week."),
            ],
        ),
    )

    hosting = company.concern(
        "ryan.obrien",
        registry["hosting"],
        publish=True,
        title="Publish the acceptable-use terms for hosting customers",
        summary="Support staff handle abuse reports for hosted customers without knowing what the contract allows. "
        "Please publish the acceptable-use terms internally.",
        body="We cannot tell customers what we will act on if we do not know it ourselves.",
    )
    company.sign(
        hosting,
        _below(
            threshold,
            [
                ("olga.petrova", "public", "This would make on-call much less guesswork."),
                ("carlos.mendes", "anonymous", ""),
            ],
        ),
    )

    prisons = company.concern(
        "carlos.mendes",
        registry["prisons"],
        publish=True,
        visibility="committee",
        title="Confirm whether we work with private detention operators",
        summary="A customer call mentioned a detention-facility pilot. Employees deserve to know whether it exists "
        "before it grows.",
        body="Please confirm the status of this pilot and whether it went through the ethics review.",
    )
    company.sign(
        prisons,
        _below(
            threshold,
            [
                ("grace.kim", "committee", "I was on the call."),
                ("michael.brown", "public", ""),
                ("nadia.rahman", "anonymous", "Someone close to me works in one of these facilities."),
            ],
        ),
    )

    # Drafts: visible only to their authors.
    company.concern(
        "dana.reyes",
        registry["immigration"],
        publish=False,
        title="Human-rights due diligence before any government renewal",
        summary="Before the contract is renewed or extended, require an independent human-rights impact assessment.",
        body="Draft: collect examples from other companies' due-diligence policies.",
    )
    company.concern(
        "jack.thompson",
        registry["drones"],
        publish=False,
        title="Clarify what counts as a defence customer",
        summary="Sales needs a clear definition before the next bid.",
        body="Draft.",
    )
    return immigration, drones


def _below(threshold: int, rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Keep an open concern below the threshold (the author's own signature counts as one)."""
    return rows[: max(0, threshold - 2)]


def _sign_past_threshold(company: _Company, concern_id: int, rows: list[tuple[str, str, str]], threshold: int) -> None:
    """Sign until the concern routes itself to the committee, then add the rest."""
    if len(rows) + 1 < threshold:
        raise RuntimeError(f"the demo needs {threshold - 1} signers for concern {concern_id}")
    result = company.sign(concern_id, rows)
    if result is None or result.status != Status.IN_REVIEW:
        raise RuntimeError(f"demo concern {concern_id} did not reach review")
    company.result.concerns["open"] -= 1
    company.result.concerns["in_review"] = company.result.concerns.get("in_review", 0) + 1
