"""The words people read for the codes the product stores (for messages: labels, never codes).

Forms keep their own longer explanations; this is what an error message names when it lists the
choices, so a person reads "For the concern", not ``for_concern``.
"""

from __future__ import annotations

LABELS = {
    # concern states
    "draft": "Draft", "open": "Open", "in_review": "In review", "decided": "Decided", "responded": "Responded",
    "withdrawn": "Withdrawn", "closed": "Closed", "rejected": "Rejected",
    # visibilities
    "public": "Public", "committee": "Committee only", "anonymous": "Anonymous", "named": "Named",
    # perspectives
    "for_concern": "For the concern", "for_contract": "For the contract", "other": "Other",
    # rejection reasons
    "duplicate": "Duplicate", "out_of_scope": "Out of scope", "abusive": "Abusive",
    # ballots and outcomes
    "uphold": "Uphold", "uphold_in_part": "Uphold in part", "not_uphold": "Do not uphold", "abstain": "Abstain",
    # leadership stances
    "accept": "Accept", "accept_in_part": "Accept in part", "decline": "Decline", "automatic": "No response in time",
    # contract statuses
    "reported": "Reported", "proposed": "Proposed", "negotiating": "Negotiating", "signed": "Signed",
    "active": "Active", "suspended": "Suspended", "ended": "Ended", "cancelled": "Cancelled",
    "not_pursued": "Not pursued",
    # roles
    "employee": "Employee", "leadership": "Leadership", "admin": "Admin",
    # list orders
    "newest": "Newest first", "signatures": "Most signatures", "due": "Deadline soonest",
}


def label(code: str) -> str:
    """The label of ``code`` (the code with spaces, capitalised, if it has none)."""
    return LABELS.get(code, code.replace("_", " ").capitalize())


def choices(codes: tuple[str, ...] | list[str]) -> str:
    """``For the concern, For the contract or Other``."""
    names = [label(c) for c in codes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
