"""A real SMTP server on loopback for tests (aiosmtpd), recording what it receives.

Use the ``mail_server`` fixture: it starts a server on a free port of 127.0.0.1, points the
app's ``MAIL_SERVER``/``MAIL_PORT`` at it for the test, and stops it afterwards. The server
can refuse chosen recipients (``refuse``) and be stopped and started again on the same port
(``stop``/``start``) to play a mail server that is down for a while.

Import the fixture where you need it (``tests/conftest.py`` does, for the whole suite).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask


@dataclass
class Received:
    """One message as the server took it: the envelope and the parsed message."""

    mail_from: str
    rcpt_tos: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        """The message, parsed."""
        return message_from_bytes(self.raw, policy=policy.default)  # type: ignore[return-value]

    @property
    def subject(self) -> str:
        """The decoded subject."""
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        """The decoded text body."""
        part = self.message.get_body(("plain",))
        return part.get_content() if part is not None else ""


class _Handler:
    """aiosmtpd handler: refuses the recipients it is told to, records every message."""

    def __init__(self, server: MailServer) -> None:
        self.server = server

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any) -> str:  # noqa: N802
        """Refuse a listed recipient with a permanent error, accept the others."""
        if address.lower() in self.server.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        """Keep the message."""
        self.server.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class MailServer:
    """An SMTP server on 127.0.0.1 that records what it receives."""

    def __init__(self) -> None:
        self.host = "127.0.0.1"
        self.port = _free_port()
        self.received: list[Received] = []
        self.refused: set[str] = set()
        self._controller: Controller | None = None

    def start(self) -> None:
        """Listen (again) on the same port."""
        if self._controller is None:
            self._controller = Controller(_Handler(self), hostname=self.host, port=self.port)
            self._controller.start()

    def stop(self) -> None:
        """Stop listening: connections are refused until ``start``."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def refuse(self, address: str) -> None:
        """Answer 550 to RCPT TO for ``address`` from now on."""
        self.refused.add(address.lower())

    def to(self, address: str) -> list[Received]:
        """The messages received for ``address``."""
        return [r for r in self.received if address.lower() in (a.lower() for a in r.rcpt_tos)]


@pytest.fixture()
def mail_server(app: Flask) -> Iterator[MailServer]:
    """A running ``MailServer`` that the app sends to for the duration of the test."""
    server = MailServer()
    server.start()
    saved = {key: app.config.get(key) for key in ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USERNAME")}
    app.config.update(MAIL_SERVER=server.host, MAIL_PORT=server.port, MAIL_USE_TLS=False, MAIL_USERNAME=None)
    try:
        yield server
    finally:
        app.config.update(saved)
        server.stop()
