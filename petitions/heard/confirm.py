"""Confirmation before an irreversible step: a page (no script) saying what cannot be undone.

A view for an irreversible step calls ``unconfirmed(step, back)`` first. A GET, or a POST that
does not carry ``confirmed=yes``, gets the confirmation page: it repeats every posted field as a
hidden input and posts them again to the same address with ``confirmed=yes``. So the step is
taken only after the person read what it means, and a form posted from an old page (or another
site: it needs the CSRF token anyway) never takes it by accident. The API is explicit and is not
asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template, request
from flask_login import current_user

from petitions.models import Concern
from petitions.workflow import decisions, policy
from petitions.workflow.errors import NotFound
from petitions.workflow.states import TRANSITIONS, Status
from petitions.workflow.visible import concern_for


@dataclass(frozen=True)
class Step:
    """What the confirmation page says about one irreversible step."""

    title: str
    undone: str
    button: str
    # Posted fields that must be filled before asking: a blank one goes straight to the
    # service, whose message says what is missing (nobody confirms a form that will fail).
    required: tuple[str, ...] = ()


STEPS = {
    "withdraw": Step(
        "Withdraw this concern?",
        "Nobody will be able to sign it any more and it cannot be reopened, by you or anyone. "
        "It stays readable, with its signatures.",
        "Yes, withdraw the concern"),
    "recuse": Step(
        "Recuse yourself from this concern?",
        "Recusal is final. You will no longer see its committee notes, ballots or committee-only signers, "
        "you cannot vote on it, and you cannot take the recusal back.",
        "Yes, recuse myself", ("recuse-reason",)),
    "reject": Step(
        "Reject this concern?",
        "Signing stops, the author is told at once and sees your explanation, and the rejection stays on the "
        "record. The committee can restore it on appeal, but the notification and the audit entry remain.",
        "Yes, reject it", ("reject-reason_code", "reject-explanation")),
    "decide": Step(
        "Record the committee's decision?",
        "A decision cannot be changed or withdrawn. Voting ends, the tally is fixed, leadership is told and "
        "its response deadline starts.",
        "Yes, record the decision", ("decision-outcome", "decision-recommendation", "decision-rationale")),
    "respond": Step(
        "Publish leadership's response?",
        "A published response is never edited: every employee reads it beside the committee's decision, "
        "signers are told, and corrections can only be added as dated addenda.",
        "Yes, publish the response", ("stance", "statement")),
    "deactivate": Step(
        "Deactivate this account?",
        "The person is logged out everywhere and can no longer log in or use tokens or feeds. "
        "Deactivation cannot be undone from these pages.",
        "Yes, deactivate the account"),
}


def _possible(step: str, concern: Concern) -> bool:
    """Whether the person may take ``step`` on ``concern`` now (the service still decides)."""
    user = current_user
    if step == "withdraw":
        return policy.can_withdraw(user, concern)
    if step == "respond":
        return policy.can_respond(user, concern)
    if step == "recuse":
        return policy.is_reviewer(user, concern)
    if not policy.is_reviewer(user, concern) or (step, Status(concern.status)) not in TRANSITIONS:
        return False
    if step == "decide":  # without quorum the service refuses: say so before asking
        quorum = decisions.quorum_state(user, concern.id)
        return quorum["cast"] >= quorum["needed"]
    return True


def unconfirmed(step: str, back: str, *, concern_id: int | None = None, subject: str = "") -> tuple[str, int] | None:
    """``None`` when the person confirmed, or when the step is not theirs to take (the service then
    refuses it with its usual 403, 404 or 409); otherwise the confirmation page to answer with."""
    if request.method == "POST" and request.form.get("confirmed") == "yes":
        return None
    if request.method == "POST" and any(not request.form.get(name, "").strip() for name in STEPS[step].required):
        return None
    if concern_id is not None:
        try:
            concern = concern_for(current_user, concern_id)
        except NotFound:
            return None
        if not _possible(step, concern):
            return None
        subject = subject or concern.title
    fields = [(k, v) for k, v in request.form.items(multi=True) if k not in ("confirmed", "csrf_token")]
    page = render_template("heard/confirm.html", step=STEPS[step], fields=fields, action=request.path, back=back,
                           subject=subject)
    return page, 200
