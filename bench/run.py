"""``make bench``: the app against a bare Flask + Flask-SQLAlchemy app, same run, same server settings.

For each database (SQLite in a temporary folder; PostgreSQL at ``PETITIONS_BENCH_PG_URL``,
default ``postgresql+psycopg://postgres@127.0.0.1:5432/petitions_bench``, recreated, skipped if
unreachable):

1. migrate; generate the company (100,000 people, 10,000 concerns in every state) and 1,000
   signatures; serve the app and the bare app with ``gunicorn -c gunicorn_conf.py`` and the
   same ``--workers/--threads``;
2. time every page one request at a time (p50 at 1,000 signatures);
3. bulk-load to 1,000,000 signatures (one concern with 100,000; all three visibilities), time the
   pages again (p50 at 1,000,000), then under 16 connections (requests/s, p95);
4. the bare render, insert and read; signing through the API and through the form (distinct
   people, every protection on: CSRF, sessions, tokens, rate limits);
5. the 60-second surge: distinct people sign one concern, four page reads per signature; then
   counts = rows and no duplicate, on every concern;
6. peak memory (VmHWM) of each app worker.

Writes ``bench/RESULTS.md`` (bench/report.py) and ``bench/results/latest.json``.
Usage: python bench/run.py [--databases sqlite,postgresql] [--quick] [--workers 2] [--threads 1]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import data, report, scenario  # noqa: E402

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/petitions_bench"


def _fresh_postgres(url: str) -> bool:
    """Drop and create the benchmark database; False when PostgreSQL cannot be reached."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    except Exception as exc:  # noqa: BLE001 - any failure means: no PostgreSQL here
        print(f"PostgreSQL not available ({exc.__class__.__name__}); skipping it.", file=sys.stderr)
        return False
    finally:
        admin.dispose()
    return True


def _ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    print("installing wrk (Debian package)...", file=sys.stderr)
    subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk",  # noqa: S602,S607
                   shell=True, check=False)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")


def _redis_or_memory() -> str:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            if conn.recv(16).startswith(b"+PONG"):
                return "redis://127.0.0.1:6379/0"
    except OSError:
        pass
    return "memory://"


def main() -> None:
    """Run the benchmark on each database and write the report."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--signatures", type=int, default=1_000_000)
    parser.add_argument("--big", type=int, default=100_000, help="signatures on the one big concern")
    parser.add_argument("--seconds", type=float, default=6, help="each throughput measurement")
    parser.add_argument("--surge", type=float, default=60, help="the surge's length in seconds")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="small data and short runs: a smoke test")
    parser.add_argument("--ratelimit-storage", default="",
                        help="Flask-Limiter storage (default: redis://127.0.0.1:6379/0 when it answers, as two "
                             "workers need; else memory://)")
    parser.add_argument("--output", default=str(ROOT / "bench" / "RESULTS.md"))
    args = parser.parse_args()
    if args.quick:
        args.people, args.signatures, args.big, args.seconds, args.surge = 20_000, 50_000, 10_000, 2, 5
    _ensure_wrk()
    args.ratelimit_storage = args.ratelimit_storage or _redis_or_memory()
    started = time.time()
    load_before = os.getloadavg()
    results: dict[str, object] = {}
    for name in [d.strip() for d in args.databases.split(",") if d.strip()]:
        workdir = Path(tempfile.mkdtemp(prefix=f"petitions-bench-{name}-"))
        if name == "sqlite":
            url = f"sqlite:///{workdir / 'bench.db'}"
        else:
            url = os.environ.get("PETITIONS_BENCH_PG_URL", PG_DEFAULT)
            if not _fresh_postgres(url):
                results[name] = {"skipped": "PostgreSQL not reachable"}
                continue
        print(f"== {name}", file=sys.stderr)
        try:
            results[name] = scenario.run(url, args, workdir)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    meta = {"seconds": round(time.time() - started), "load_before": load_before, "load_after": os.getloadavg(),
            "uptime": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(),  # noqa: S607
            "args": vars(args), "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,  # noqa: S607
                                                         capture_output=True, text=True).stdout.strip(),
            "scale": {"people": args.people, "concerns": sum(data.STATES.values()), "signatures": args.signatures,
                      "big": args.big}}
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps({"meta": meta, "results": results}, indent=2, default=str))
    Path(args.output).write_text(report.markdown(meta, results))
    print(Path(args.output).read_text())


if __name__ == "__main__":
    main()
