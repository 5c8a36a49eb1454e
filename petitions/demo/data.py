"""The demo company's people: logins (with the one published demo password) and everyone else."""

from __future__ import annotations

DEMO_PASSWORD = "demo-concerns-2024"  # noqa: S105 - a published demo password, by design


DOMAIN = "example.com"


DEMO_THRESHOLD = 10


LOGINS: list[tuple[str, str, str, str, str, tuple[str, ...]]] = [
    ("admin", "priya.raman", "Priya Raman", "People", "Remote", ("admin",)),
    ("employee", "dana.reyes", "Dana Reyes", "Engineering", "Austin", ()),
    ("committee", "amara.okafor", "Amara Okafor", "Legal", "Toronto", ("committee",)),
    ("committee", "jonas.weber", "Jonas Weber", "Research", "Berlin", ("committee",)),
    ("committee", "lucia.ferreira", "Lúcia Ferreira", "Support", "Lisbon", ("committee",)),
    ("leadership", "margaret.chen", "Margaret Chen", "Leadership", "Toronto", ("leadership",)),
    ("leadership", "samuel.adeyemi", "Samuel Adeyemi", "Sales", "Austin", ("leadership",)),
]


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
