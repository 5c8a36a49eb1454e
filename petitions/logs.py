"""Log lines as JSON, one object a line, with no personal data.

What a line may carry is fixed here (``FIELDS``); a message passes through ``scrub``, which
blanks anything shaped like an email address, whoever logged it. The app logs no names and no
recipients (the job runner names mail ids; ``petitions.mail``). A request line
(``LOG_REQUESTS``, on under ``gunicorn_conf.py``) names the route's pattern, never the path
itself (a feed key is a credential; ids and search words are nobody's business), the method,
status and time, and the client address except beside a signing or withdrawing request, where
an address next to a concern and a time could point at an anonymous signer.

``LOG_JSON`` (default on) puts the JSON handler on the app's logger; ``gunicorn_conf.py`` puts it
on gunicorn's own loggers too. The development server's access log stays Werkzeug's (with
``security.HideSignerAddresses``).
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from datetime import UTC, datetime

from flask import Flask, Response, g, request
from flask.logging import default_handler

FIELDS = ("route", "endpoint", "method", "status", "ms", "addr", "mail_id", "attempt")
_EMAIL = re.compile(r"[^\s@<>\"'(),;:]+@[^\s@<>\"'(),;:]+\.[A-Za-z]{2,}")
# A signing or withdrawing request, on the pages or the API: no address beside it.
_SIGNING = re.compile(r"^/(api/v1/)?concerns/[^/]+/(sign|signatures|signature)")
REQUEST_LOGGER = "petitions.requests"


def scrub(text: str) -> str:
    """``text`` with every email-shaped word replaced by ``[email]``."""
    return _EMAIL.sub("[email]", text)


class JsonFormatter(logging.Formatter):
    """``{"ts", "level", "logger", "msg", ...FIELDS}``; the message and any traceback scrubbed."""

    def format(self, record: logging.LogRecord) -> str:
        """One JSON object, no newline inside it."""
        line: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": scrub(record.getMessage()),
        }
        for field in FIELDS:
            value = record.__dict__.get(field)
            if value is not None:
                line[field] = value
        if record.exc_info:
            line["exc"] = scrub(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)


def handler() -> logging.Handler:
    """A stderr handler writing JSON lines."""
    out = logging.StreamHandler(sys.stderr)
    out.setFormatter(JsonFormatter())
    return out


def request_fields(status: int, started: float | None) -> dict[str, object]:
    """The fields of one request's line (the current request)."""
    rule = request.url_rule.rule if request.url_rule is not None else "-"
    fields: dict[str, object] = {
        "route": rule, "endpoint": request.endpoint or "-", "method": request.method, "status": status,
        "ms": round((time.perf_counter() - started) * 1000, 1) if started is not None else None,
    }
    if not _SIGNING.match(request.path):
        fields["addr"] = request.remote_addr
    return fields


def init_app(app: Flask) -> None:
    """JSON on the app's logger (``LOG_JSON``), and a line per request (``LOG_REQUESTS``)."""
    if app.config.get("LOG_JSON", True):
        app.logger.removeHandler(default_handler)
        if not any(isinstance(h.formatter, JsonFormatter) for h in app.logger.handlers):
            app.logger.addHandler(handler())
        if app.logger.level == logging.NOTSET:
            app.logger.setLevel(logging.INFO)
    if not app.config.get("LOG_REQUESTS", False):
        return
    requests = logging.getLogger(REQUEST_LOGGER)
    if app.config.get("LOG_JSON", True) and not requests.handlers:
        requests.addHandler(handler())
        requests.setLevel(logging.INFO)
        requests.propagate = False

    @app.before_request
    def start() -> None:
        g.log_started = time.perf_counter()

    @app.after_request
    def log_request(response: Response) -> Response:
        requests.info("request", extra=request_fields(response.status_code, g.pop("log_started", None)))
        return response
