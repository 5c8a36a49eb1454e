"""Log lines are JSON objects with a fixed set of fields, and email addresses never get through."""

from __future__ import annotations

import json
import logging

from petitions.logs import JsonFormatter, scrub


def _line(message: str, *args: object, **extra: object) -> dict:
    record = logging.LogRecord("petitions", logging.WARNING, __file__, 1, message, args, None)
    record.__dict__.update(extra)
    return json.loads(JsonFormatter().format(record))


def test_a_line_is_one_json_object_with_the_allowed_fields_only() -> None:
    line = _line("mail #%s not sent", 7, mail_id=7, name="Someone", email="x@example.com")
    assert line["msg"] == "mail #7 not sent" and line["level"] == "warning" and line["mail_id"] == 7
    assert "name" not in line and "email" not in line


def test_email_addresses_are_blanked_whoever_logs_them() -> None:
    assert _line("refused <dana.reyes@example.com>: 550")["msg"] == "refused <[email]>: 550"
    assert scrub("to a.b+c@mail.example.co.uk and x@y.io") == "to [email] and [email]"
