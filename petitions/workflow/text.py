"""Limits and cleaning for user-supplied text, shared by forms, the API and services."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from petitions.vocabulary import Term
from petitions.workflow.errors import Invalid

TITLE_MAX = 200
SUMMARY_MAX = 1000
BODY_MAX = 50_000
REQUESTED_ACTION_MAX = 5000
STATEMENT_MAX = 5000
NAME_MAX = 120
EMAIL_MAX = 254
COUNTERPARTY_MAX = 200
DESCRIPTION_MAX = 10_000
SEARCH_MAX = 200

# NUL and other control characters (newline and tab are fine; CR is normalised away).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_chars(value: str) -> bool:
    """Whether ``value`` holds a character we refuse (NUL and friends)."""
    return bool(_CONTROL.search(value))


class FieldErrors:
    """Collects per-field messages and raises them together."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def text(
        self, field: str, value: Any, *, max_len: int, required: bool = False, label: str | None = None
    ) -> str:
        """A cleaned string: stripped, CRLF folded, length and characters checked."""
        label = label or field.replace("_", " ").capitalize()
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.errors[field] = f"{label} must be text."
            return ""
        value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        if has_control_chars(value):
            self.errors[field] = f"{label} contains control characters that are not allowed."
        elif required and not value:
            self.errors[field] = f"{label} is required."
        elif len(value) > max_len:
            self.errors[field] = f"{label} must be at most {max_len:,} characters (it has {len(value):,})."
        return value

    def search(self, field: str, value: Any) -> str:
        """Words to search for: text of at most ``SEARCH_MAX`` characters, without control characters."""
        value = value if isinstance(value, str) else ""
        value = value.strip()
        if len(value) > SEARCH_MAX or has_control_chars(value):
            self.errors[field] = f"Search at most {SEARCH_MAX} characters, without control characters."
        return value

    def choice(self, field: str, value: Any, options: Iterable[str], *, label: str | None = None) -> str:
        """One of ``options``."""
        options = tuple(options)
        label = label or field.replace("_", " ").capitalize()
        if not isinstance(value, str) or value not in options:
            # People read labels, never codes ("Uphold in part", not "uphold_in_part").
            words = [o.label if isinstance(o, Term) else o for o in options]
            self.errors[field] = f"{label} must be one of: {', '.join(words)}."
            return ""
        return str(value)

    def add(self, field: str, message: str) -> None:
        """Record a message for ``field``."""
        self.errors.setdefault(field, message)

    def raise_if_any(self) -> None:
        """Raise ``Invalid`` listing every bad field, if there is one."""
        if self.errors:
            first = next(iter(self.errors.values()))
            raise Invalid(first if len(self.errors) == 1 else "Some fields need attention.", dict(self.errors))
