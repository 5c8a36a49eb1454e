"""What an operator sees: ``GET /metrics`` in the Prometheus text format, for operators only.

Access: ``METRICS_TOKEN`` (``Authorization: Bearer ...``) or ``METRICS_ALLOW`` (addresses or
networks, e.g. ``["10.0.0.0/8"]``); either admits. With neither set the route is a 404: it is
never public. It is marked ``@public`` only because operators have no login session; this
module is its gate.

Series:
- ``petitions_http_requests_total{endpoint,method,status}`` and
  ``petitions_http_request_duration_seconds{endpoint}`` (a histogram), counted in every worker;
- ``petitions_signatures`` (current signatures, every concern), ``petitions_outbox_backlog``
  (mail waiting), ``petitions_outbox_failed`` (mail given up), ``petitions_job_runs_total{outcome}``
  and ``petitions_job_last_run_timestamp_seconds``, read from the database at each scrape, so
  every worker and host answers the same.

Several workers: when ``PROMETHEUS_MULTIPROC_DIR`` is set (``gunicorn_conf.py`` sets it) each
worker writes its counters to files there and a scrape on any worker adds them all up. No
label carries a person, an address or a concern id: endpoints are route names.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time
from collections.abc import Iterator
from datetime import datetime

from flask import Blueprint, Flask, Response, abort, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from petitions.extensions import db
from petitions.models import Concern, JobRun, OutboxMail
from petitions.security import public

bp = Blueprint("metrics", __name__)

# Created once per process, registered in the default registry (or the multiprocess files).
REQUESTS = Counter("petitions_http_requests", "HTTP requests answered", ["endpoint", "method", "status"])
LATENCY = Histogram(
    "petitions_http_request_duration_seconds", "Time to answer a request", ["endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})


def _allowed() -> bool:
    """Whether this request comes from an operator: the token, or an allowed address."""
    token = current_app.config.get("METRICS_TOKEN")
    allow = current_app.config.get("METRICS_ALLOW") or []
    if not token and not allow:
        abort(404)  # not configured: there is no such page
    sent = request.headers.get("Authorization", "")
    if token and sent.startswith("Bearer ") and hmac.compare_digest(sent[7:].encode(), str(token).encode()):
        return True
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    networks = [allow] if isinstance(allow, str) else list(allow)
    return any(address in ipaddress.ip_network(str(n), strict=False) for n in networks)


class DatabaseCollector(Collector):
    """Series read from the database at scrape time (the same on every worker and host)."""

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        """One query per figure; each is an index or a small table."""
        session = db.session
        signatures = session.scalar(select(func.coalesce(func.sum(Concern.signature_count), 0))) or 0
        backlog = session.scalar(select(func.count()).select_from(OutboxMail).where(
            OutboxMail.sent_at.is_(None), OutboxMail.failed_at.is_(None))) or 0
        failed = session.scalar(select(func.count()).select_from(OutboxMail).where(
            OutboxMail.sent_at.is_(None), OutboxMail.failed_at.is_not(None))) or 0
        run = session.get(JobRun, JobRun.JOBS)
        session.commit()
        yield GaugeMetricFamily("petitions_signatures", "Current signatures on every concern", value=signatures)
        yield GaugeMetricFamily("petitions_outbox_backlog", "Mail waiting to be sent", value=backlog)
        yield GaugeMetricFamily("petitions_outbox_failed", "Mail given up after its last attempt", value=failed)
        runs = CounterMetricFamily("petitions_job_runs", "Runs of `jobs run`", labels=["outcome"])
        runs.add_metric(["ok"], run.runs - run.failures if run else 0)
        runs.add_metric(["failed"], run.failures if run else 0)
        yield runs
        last = run.last_finished_at if run and run.last_finished_at else None
        yield GaugeMetricFamily("petitions_job_last_run_timestamp_seconds", "When `jobs run` last finished (0: never)",
                                value=_epoch(last) if last else 0)


def _epoch(moment: datetime) -> float:
    return (moment - datetime(1970, 1, 1)).total_seconds()


@bp.get("/metrics")
@public
def show_metrics() -> Response:
    """The Prometheus text format, for operators only."""
    if not _allowed():
        abort(403)
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:  # one process: its own counters (not the default registry's process and GC series)
        for collector in (REQUESTS, LATENCY):
            registry.register(collector)
    registry.register(DatabaseCollector())
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


def record_job_run(started: datetime, finished: datetime, ok: bool) -> None:
    """Count one run of ``jobs run`` in the database (one row, bumped atomically by any host)."""
    values = {"runs": JobRun.runs + 1, "failures": JobRun.failures + (0 if ok else 1),
              "last_started_at": started, "last_finished_at": finished}
    session = db.session
    session.rollback()
    for _ in range(2):
        bumped = session.execute(update(JobRun).where(JobRun.name == JobRun.JOBS).values(values)
                                 .execution_options(synchronize_session=False))
        if getattr(bumped, "rowcount", 0):
            session.commit()
            return
        try:
            session.add(JobRun(name=JobRun.JOBS, runs=0, failures=0))
            session.commit()
        except IntegrityError:  # another runner made the row first
            session.rollback()


def init_app(app: Flask) -> None:
    """Time and count every request; add the ``/metrics`` route."""

    def start_timer() -> None:
        g.metrics_started = time.perf_counter()

    # First of all hooks, so the time includes the login check and the rest.
    app.before_request_funcs.setdefault(None, []).insert(0, start_timer)

    @app.after_request
    def count(response: Response) -> Response:
        started = g.pop("metrics_started", None)
        if started is not None:
            endpoint = request.endpoint or "none"  # 404s share one label, whatever the path
            method = request.method if request.method in _METHODS else "other"
            REQUESTS.labels(endpoint, method, str(response.status_code)).inc()
            LATENCY.labels(endpoint).observe(time.perf_counter() - started)
        return response

    app.register_blueprint(bp)
