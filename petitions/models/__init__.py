"""SQLAlchemy models, one module per aggregate."""

from petitions.models.audit import AuditEvent, AuditHead
from petitions.models.concern import Concern, Signature
from petitions.models.contract import Contract
from petitions.models.feed import FeedKey
from petitions.models.job_run import JobRun
from petitions.models.notification import MailDigest, Notification, NotificationSetting, OutboxMail
from petitions.models.response import Addendum, Commitment, Response
from petitions.models.review import Ballot, CommitteeNote, Decision, Dissent, Invitation, Perspective, Recusal
from petitions.models.session import AccessLink, LoginSession, LoginThrottle
from petitions.models.setting import Setting
from petitions.models.user import ApiToken, RoleGrant, User

__all__ = [
    "AccessLink",
    "LoginSession",
    "LoginThrottle",
    "Addendum",
    "Commitment",
    "Response",
    "Ballot",
    "CommitteeNote",
    "Decision",
    "Dissent",
    "Invitation",
    "Perspective",
    "Recusal",
    "ApiToken",
    "AuditEvent",
    "AuditHead",
    "Concern",
    "Contract",
    "MailDigest",
    "FeedKey",
    "JobRun",
    "Notification",
    "NotificationSetting",
    "OutboxMail",
    "RoleGrant",
    "Setting",
    "Signature",
    "User",
]
