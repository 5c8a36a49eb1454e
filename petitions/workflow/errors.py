"""Errors the services raise; pages turn them into messages, the API into JSON."""

from __future__ import annotations


class ServiceError(Exception):
    """Base class: ``code`` is the API error code, ``status`` the HTTP status."""

    code = "invalid"
    status = 400

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class Invalid(ServiceError):
    """Bad input; ``fields`` maps each bad field to its message."""


class Forbidden(ServiceError):
    """The caller can see the thing but may not do this."""

    code = "forbidden"
    status = 403


class NotFound(ServiceError):
    """Missing, or not visible to the caller (we never say which)."""

    code = "not_found"
    status = 404


class Conflict(ServiceError):
    """Already done, or not possible in the current state."""

    code = "conflict"
    status = 409
