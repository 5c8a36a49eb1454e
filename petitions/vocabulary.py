"""The platform's vocabulary: every coded value, with the words people read. Pure.

This module sits below both the models and the services. The models derive their CHECK
constraints from it (``Term.sql_in``), forms and the API take their choices from it, and pages
show ``.label`` (never a code such as ``uphold_in_part``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Self


class Term(StrEnum):
    """A coded value (the string stored) with a human ``label`` and a ``help`` sentence."""

    label: str
    help: str

    def __new__(cls, value: str, label: str = "", help_text: str = "") -> Self:
        """``NAME = "code", "Label", "Help text"``."""
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value.replace("_", " ").capitalize()
        member.help = help_text
        return member

    @classmethod
    def values(cls) -> tuple[str, ...]:
        """Every code, in declaration order."""
        return tuple(m.value for m in cls)

    @classmethod
    def sql_in(cls, column: str, values: Any = None) -> str:
        """``column IN ('a', 'b')`` for a CHECK constraint."""
        listed = ", ".join(f"'{v}'" for v in (values if values is not None else cls.values()))
        return f"{column} IN ({listed})"

    @classmethod
    def choices(cls) -> list[tuple[str, str, str]]:
        """``(code, label, help)`` for radio groups and selects."""
        return [(m.value, m.label, m.help) for m in cls]

    @classmethod
    def label_of(cls, value: str | None) -> str:
        """The label of ``value``, or the value itself when it is not a code of this kind."""
        if value is None:
            return ""
        try:
            return cls(value).label
        except ValueError:
            return value

    @classmethod
    def spelled(cls, values: Any = None) -> str:
        """The labels joined for a message: ``Uphold, Uphold in part or Abstain``."""
        labels = [cls(v).label for v in (values if values is not None else cls.values())]
        return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


class Status(Term):
    """The states of a concern."""

    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    IN_REVIEW = "in_review", "In review"
    DECIDED = "decided", "Decided"
    RESPONDED = "responded", "Responded"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CLOSED = "closed", "Closed"
    REJECTED = "rejected", "Rejected"


class Visibility(Term):
    """Who may see a signer's name (the visibility table in DESIGN.md)."""

    PUBLIC = "public", "Public", "Everyone sees your name next to your signature."
    COMMITTEE = (
        "committee", "Committee only",
        "Only ethics committee members see your name (each of their views is audited); "
        "everyone else, leadership and admins included, sees just a count.",
    )
    ANONYMOUS = (
        "anonymous", "Anonymous",
        "Nobody sees your name, not the committee, not leadership, not even you on this page: "
        "your signature is only counted. You can still withdraw it.",
    )


class AuthorVisibility(Term):
    """Who may see a concern's author."""

    NAMED = "named", "Named", "Everyone sees your name as the author."
    COMMITTEE = (
        "committee", "Known to the committee only",
        "Only you and the ethics committee see your name; everyone else sees no author.",
    )


class PerspectiveVisibility(Term):
    """Who may see who wrote a perspective."""

    NAMED = "named", "Named", "Everyone who can see this concern sees your name next to your perspective."
    COMMITTEE = (
        "committee", "Known to the committee only",
        "Only you and the ethics committee see your name; everyone else, leadership and admins included, "
        "sees \u201cName known to the committee\u201d.",
    )


class ContractStatus(Term):
    """Where a company contract stands."""

    REPORTED = "reported", "Reported"
    PROPOSED = "proposed", "Proposed"
    NEGOTIATING = "negotiating", "Negotiating"
    SIGNED = "signed", "Signed"
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    ENDED = "ended", "Ended"
    CANCELLED = "cancelled", "Cancelled"
    NOT_PURSUED = "not_pursued", "Not pursued"


class Role(Term):
    """What a person may do beyond being an employee."""

    EMPLOYEE = "employee", "Employee"
    COMMITTEE = "committee", "Ethics committee"
    LEADERSHIP = "leadership", "Leadership"
    ADMIN = "admin", "Admin"


GRANTABLE_ROLES: tuple[Role, ...] = (Role.COMMITTEE, Role.LEADERSHIP, Role.ADMIN)


class RejectionCode(Term):
    """Why the committee rejected a concern."""

    DUPLICATE = "duplicate", "Duplicate", "Another published concern already raises this; give its number below."
    OUT_OF_SCOPE = "out_of_scope", "Out of scope", "It is not about a company contract or the company's values."
    ABUSIVE = "abusive", "Abusive", "Personal attacks or harassment. Hidden from every employee except its author."
    OTHER = "other", "Other", "Explain below."


class BallotChoice(Term):
    """A committee member's vote."""

    UPHOLD = "uphold", "Uphold", "The concern is right: recommend that leadership acts on it."
    UPHOLD_IN_PART = "uphold_in_part", "Uphold in part", "Part of the concern is right; say which part in your reason."
    NOT_UPHOLD = "not_uphold", "Do not uphold", "The contract is consistent with the company's values."
    ABSTAIN = "abstain", "Abstain", "Counts toward quorum, but for no outcome."


class Outcome(Term):
    """The committee's decision (as the register shows it)."""

    UPHOLD = "uphold", "Upheld", BallotChoice.UPHOLD.help
    UPHOLD_IN_PART = "uphold_in_part", "Upheld in part", BallotChoice.UPHOLD_IN_PART.help
    NOT_UPHOLD = "not_uphold", "Not upheld", BallotChoice.NOT_UPHOLD.help


class Stance(Term):
    """Leadership's answer to a decision."""

    ACCEPT = "accept", "Accept", "Leadership accepts the committee's decision and recommendation."
    ACCEPT_IN_PART = "accept_in_part", "Accept in part", "Leadership accepts some of it; say which parts in the statement."
    DECLINE = "decline", "Decline", "Leadership does not follow the committee; the statement says why."


class PerspectiveStance(Term):
    """Which side an employee's perspective takes."""

    FOR_CONCERN = "for_concern", "For the concern", "You agree with the concern."
    FOR_CONTRACT = "for_contract", "For the contract", "You think the contract should go ahead."
    OTHER = "other", "Other", "Another point of view, or both sides."


class Sort(Term):
    """The orders a list of concerns can take."""

    NEWEST = "newest", "Newest first"
    SIGNATURES = "signatures", "Most signatures"
    DUE = "due", "Deadline soonest"


def label(code: str | None) -> str:
    """The label of any stored code, whatever its kind (for templates showing a code of any kind)."""
    for kind in (Status, Visibility, PerspectiveStance, RejectionCode, BallotChoice, Outcome, Stance,
                 ContractStatus, Role, Sort):
        if code in kind.values():
            return kind.label_of(code)
    return (code or "").replace("_", " ").capitalize()
