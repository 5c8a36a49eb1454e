"""A realistic demo company, built only through the services (so it is audited like real use).

About forty people in several departments and locations, a contract registry with deals in
different states (among them a three-year contract with a federal immigration enforcement
agency), and concerns in every state, carrying public, committee-only and anonymous
signatures; ``deliberation`` takes them through the committee and leadership. Only the demo logins get a password (one hash each, at the configured
cost); everyone else is like an HR import: no password until they set one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select

from petitions import clock
from petitions.demo import deliberation
from petitions.extensions import db
from petitions.models import Contract, User
from petitions.workflow import accounts, concerns, contracts, settings, signatures

DEMO_PASSWORD = "demo-concerns-2024"  # noqa: S105 - a published demo password, by design
DOMAIN = "example.com"
# A forty-person company routes at ten signatures; the demo sets this through the settings service.
DEMO_THRESHOLD = 10

# (login role shown to operators, email local part, name, department, location, extra roles)
LOGINS: list[tuple[str, str, str, str, str, tuple[str, ...]]] = [
    ("admin", "priya.raman", "Priya Raman", "People", "Remote", ("admin",)),
    ("employee", "dana.reyes", "Dana Reyes", "Engineering", "Austin", ()),
    ("committee", "amara.okafor", "Amara Okafor", "Legal", "Toronto", ("committee",)),
    ("committee", "jonas.weber", "Jonas Weber", "Research", "Berlin", ("committee",)),
    ("committee", "lucia.ferreira", "Lúcia Ferreira", "Support", "Lisbon", ("committee",)),
    ("leadership", "margaret.chen", "Margaret Chen", "Leadership", "Toronto", ("leadership",)),
    ("leadership", "samuel.adeyemi", "Samuel Adeyemi", "Sales", "Austin", ("leadership",)),
]

# Everyone else: (email local part, name, department, location).
PEOPLE: list[tuple[str, str, str, str]] = [
    ("wei.zhang", "Wei Zhang", "Engineering", "Toronto"),
    ("maria.gonzalez", "María González", "Engineering", "Austin"),
    ("tobias.schmidt", "Tobias Schmidt", "Engineering", "Berlin"),
    ("aisha.khan", "Aisha Khan", "Engineering", "Remote"),
    ("joao.silva", "João Silva", "Engineering", "Lisbon"),
    ("emily.carter", "Emily Carter", "Engineering", "Austin"),
    ("kenji.watanabe", "Kenji Watanabe", "Engineering", "Toronto"),
    ("fatima.diallo", "Fatima Diallo", "Engineering", "Berlin"),
    ("noah.levi", "Noah Levi", "Research", "Berlin"),
    ("sofia.rossi", "Sofia Rossi", "Research", "Lisbon"),
    ("daniel.osei", "Daniel Osei", "Research", "Toronto"),
    ("hannah.mueller", "Hannah Müller", "Research", "Berlin"),
    ("carlos.mendes", "Carlos Mendes", "Support", "Lisbon"),
    ("grace.kim", "Grace Kim", "Support", "Austin"),
    ("olga.petrova", "Olga Petrova", "Support", "Remote"),
    ("ryan.obrien", "Ryan O'Brien", "Support", "Toronto"),
    ("beatriz.costa", "Beatriz Costa", "Sales", "Lisbon"),
    ("michael.brown", "Michael Brown", "Sales", "Austin"),
    ("leila.haddad", "Leila Haddad", "Sales", "Berlin"),
    ("jack.thompson", "Jack Thompson", "Sales", "Toronto"),
    ("ines.almeida", "Inês Almeida", "Legal", "Lisbon"),
    ("david.cohen", "David Cohen", "Legal", "Austin"),
    ("nadia.rahman", "Nadia Rahman", "People", "Toronto"),
    ("luca.bianchi", "Luca Bianchi", "People", "Berlin"),
    ("chloe.martin", "Chloé Martin", "Product", "Remote"),
    ("arjun.mehta", "Arjun Mehta", "Product", "Austin"),
    ("elena.popescu", "Elena Popescu", "Product", "Berlin"),
    ("samira.benali", "Samira Benali", "Finance", "Lisbon"),
    ("peter.jansen", "Peter Jansen", "Finance", "Toronto"),
    ("yusuf.aydin", "Yusuf Aydın", "Engineering", "Remote"),
    ("rosa.martinez", "Rosa Martínez", "Support", "Austin"),
    ("oliver.wright", "Oliver Wright", "Research", "Remote"),
    ("thi.nguyen", "Thi Nguyen", "Engineering", "Toronto"),
]


def email(local: str) -> str:
    """A demo address."""
    return f"{local}@{DOMAIN}"


def login_lines() -> list[str]:
    """The demo logins, one per line, for the command's output."""
    lines = [f"Demo logins (password for all: {DEMO_PASSWORD}):"]
    lines += [f"  {role:<10} {email(local)}  ({name})" for role, local, name, *_ in LOGINS]
    return lines


def is_loaded() -> bool:
    """Whether the demo company's admin account exists."""
    return bool(db.session.scalar(select(func.count()).select_from(User).where(User.email == email(LOGINS[0][1]))))


@dataclass
class DemoResult:
    """What ``load`` created."""

    users: int = 0
    contracts: int = 0
    concerns: dict[str, int] = field(default_factory=dict)


class _Company:
    """The people by email local part, and helpers that go through the services."""

    def __init__(self) -> None:
        self.people: dict[str, User] = {}
        self.result = DemoResult()

    def hire(
        self,
        local: str,
        name: str,
        department: str,
        location: str,
        roles: tuple[str, ...] = (),
        password: str | None = None,
    ) -> None:
        """Create one account."""
        self.people[local] = accounts.create_user(
            email=email(local),
            name=name,
            password=password,
            roles=roles,
            department=department,
            location=location,
        )
        self.result.users += 1

    def contract(self, actor: str, **data: object) -> Contract:
        """Create (leadership) or report (anyone else) a contract."""
        contract = contracts.create_contract(self.people[actor], dict(data))
        self.result.contracts += 1
        return contract

    def concern(self, author: str, contract: Contract, *, publish: bool, visibility: str = "named", **text: str) -> int:
        """Draft or publish a concern; returns its id."""
        data = {"contract_id": contract.id, "author_visibility": visibility, **text}
        concern = concerns.create(self.people[author], data, publish=publish)
        state = "open" if publish else "draft"
        self.result.concerns[state] = self.result.concerns.get(state, 0) + 1
        return int(concern.id)

    def sign(self, concern_id: int, rows: list[tuple[str, str, str]]) -> signatures.SignResult | None:
        """Sign as each (person, visibility, statement); returns the last result."""
        result = None
        for local, visibility, statement in rows:
            result = signatures.sign(self.people[local], concern_id, visibility, statement)
        return result


def load() -> DemoResult:
    """Create the demo company. Run it on an empty database (the CLI checks)."""
    company = _Company()
    now = clock.utcnow()
    # The company's history is replayed through the services on a moved clock (never raw SQL):
    # people and contracts a year ago; concerns raised over a week from about eight weeks ago, so
    # the open ones are still inside their signing window; the committee's and leadership's work
    # over the seven weeks after that. Nothing is dated after yesterday.
    with clock.moved(now - timedelta(days=330)):
        for _role, local, name, department, location, roles in LOGINS:
            company.hire(local, name, department, location, roles, password=DEMO_PASSWORD)
        for local, name, department, location in PEOPLE:
            company.hire(local, name, department, location)
        settings.update(company.people["priya.raman"], {"REVIEW_THRESHOLD": DEMO_THRESHOLD})
        threshold = int(settings.get("REVIEW_THRESHOLD"))
        registry = _contracts(company)
    yesterday = now - timedelta(days=1)
    with clock.ticking(now - timedelta(days=56), timedelta(hours=2), until=now - timedelta(days=49, hours=12)):
        immigration, drones = _concerns(company, registry, threshold)
    with clock.ticking(now - timedelta(days=49), timedelta(hours=5), until=yesterday):
        deliberation.run(company, registry, immigration, drones)
    return company.result


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
    if result is None or result.status != "in_review":
        raise RuntimeError(f"demo concern {concern_id} did not reach review")
    company.result.concerns["open"] -= 1
    company.result.concerns["in_review"] = company.result.concerns.get("in_review", 0) + 1
