"""``GET, PUT /me/notifications``: how the caller hears of each kind of event, and the unread count.

The request and response models have one field per kind in
``workflow.notification_settings.KINDS``, so ``openapi.json`` lists every kind and every choice.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field, create_model
from werkzeug.wrappers import Response

from petitions.api.auth import caller
from petitions.api.blueprint import bp
from petitions.api.endpoint import operation, reply
from petitions.api.shapes.common import OneOf, RequestBody
from petitions.models.notification import DELIVERIES
from petitions.workflow import inbox, notification_settings
from petitions.workflow.notification_settings import DELIVERY_LABELS, KINDS

Delivery = Annotated[Any, OneOf(DELIVERIES)]
_CHOICES = "; ".join(f"`{key}`: {label.lower()}" for key, label in DELIVERY_LABELS.items())

_settings_fields: dict[str, Any] = {kind: (Delivery, Field(description=label)) for kind, label in KINDS.items()}
_update_fields: dict[str, Any] = {kind: (Delivery | None, Field(None, description=label)) for kind, label in KINDS.items()}

DeliverySettings = create_model(  # type: ignore[call-overload]
    "NotificationDeliveries", __base__=BaseModel, __doc__=f"Per kind of event: {_CHOICES}.", **_settings_fields
)
NotificationSettingsUpdate = create_model(  # type: ignore[call-overload]
    "NotificationSettingsUpdate",
    __base__=RequestBody,
    __doc__=f"The kinds to change (the others stay as they are): {_CHOICES}.",
    **_update_fields,
)


class NotificationSettingsOut(BaseModel):
    """How the caller hears of each kind of event, and how many notifications are unread."""

    settings: DeliverySettings  # type: ignore[valid-type]
    unread: int = Field(description="Notifications not yet read in the app.")


def _answer() -> Response:
    """The caller's settings and unread count."""
    user = caller()
    return reply(
        NotificationSettingsOut(
            settings=DeliverySettings(**notification_settings.settings_for(user)), unread=inbox.unread_count(user)
        )
    )


@bp.get("/me/notifications")
@operation("My notification settings", tag="account", response=NotificationSettingsOut)
def show_notification_settings() -> Response:
    """Per kind of event: in the app only, or also by mail at once or in a daily digest."""
    return _answer()


@bp.put("/me/notifications")
@operation(
    "Change my notification settings",
    tag="account",
    body=NotificationSettingsUpdate,
    response=NotificationSettingsOut,
    description="Send only the kinds to change. A mail never names the concern or anyone; the digest is "
    "one mail a day, sent by the job runner, counting what is still unread.",
)
def update_notification_settings(body: BaseModel) -> Response:
    """Save the kinds sent; answer all settings."""
    notification_settings.update(caller(), body.model_dump(exclude_none=True))
    return _answer()
