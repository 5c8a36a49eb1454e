"""gunicorn settings for production: ``gunicorn -c gunicorn_conf.py wsgi:app``.

- Workers: ``GUNICORN_WORKERS`` (default 2, one per core: docs/ARCHITECTURE.md "Measured" says
  why not more), ``GUNICORN_THREADS`` per worker (default 1); bind ``GUNICORN_BIND`` (default
  127.0.0.1:8000, behind the reverse proxy).
- Logs: gunicorn's own lines and the app's as JSON on stderr (``petitions.logs``), one line per
  request from the app (route pattern, status, time; no address beside a signing request).
  gunicorn's access log stays off: its format names the client address and the full path.
- ``/metrics`` across workers: each worker writes its counters to ``PROMETHEUS_MULTIPROC_DIR``
  (a fresh folder per start unless set), and a dead worker's live gauges are dropped.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread"
keepalive = 30
timeout = 60
graceful_timeout = 30
accesslog = None  # the app writes its own request lines (petitions.logs)
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))  # 0: never recycle a worker

os.environ.setdefault("PETITIONS_LOG_REQUESTS", "true")
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="petitions-metrics-")

logconfig_dict: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "petitions.logs.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
    },
    "root": {"level": "WARNING", "handlers": []},
}


def on_starting(server: Any) -> None:
    """Start each run without the counters of an earlier one (they would add up)."""
    folder = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):  # prometheus-client's files only
        stale.unlink(missing_ok=True)


def child_exit(server: Any, worker: Any) -> None:
    """A worker ended: its live gauges no longer count (its counters stay summed)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
