"""SQLAlchemy models, one module per aggregate."""

from petitions.models.audit import AuditEvent, AuditHead
from petitions.models.concern import Concern, Signature
from petitions.models.contract import Contract
from petitions.models.notification import Notification, OutboxMail
from petitions.models.setting import Setting
from petitions.models.user import ApiToken, RoleGrant, User

__all__ = [
    "ApiToken",
    "AuditEvent",
    "AuditHead",
    "Concern",
    "Contract",
    "Notification",
    "OutboxMail",
    "RoleGrant",
    "Setting",
    "Signature",
    "User",
]
