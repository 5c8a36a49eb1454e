"""One database's benchmark: data, servers, measurements, checks (see bench/run.py)."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import subprocess
import sys
import time
from argparse import Namespace
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import data
from bench.load import line, sequential, wrk
from bench.sessions import USER_AGENT, browser

ROOT = Path(__file__).resolve().parent.parent
KEYS = {"PETITIONS_SECRET_KEY": "bench-secret-key", "PETITIONS_SIGNATURE_KEY": "bench-signature-key",
        "PETITIONS_AUDIT_KEY": "bench-audit-key"}


def _serve(target: str, env: dict[str, str], args: Namespace, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn_conf.py", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--threads", str(args.threads), target],
        cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{target} did not start")


def _port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _peak_memory_mb(master: int) -> list[float]:
    """VmHWM (peak resident memory) of each worker of a gunicorn master, in MB."""
    children = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()  # noqa: S607
    peaks = []
    for pid in children:
        for row in Path(f"/proc/{pid}/status").read_text().splitlines():
            if row.startswith("VmHWM:"):
                peaks.append(round(int(row.split()[1]) / 1024, 1))
    return peaks


def _tokens(engine: Any, people: int) -> list[str]:
    """A token for every person (bulk), in person order."""
    tokens = [f"pt_bench_{i}_{hashlib.sha256(str(i).encode()).hexdigest()[:16]}" for i in range(1, people + 1)]
    data._bulk(engine, "api_tokens", ("user_id", "token_hash", "label", "created_at"), (
        (i, hashlib.sha256(t.encode()).hexdigest(), "bench", datetime.utcnow()) for i, t in enumerate(tokens, 1)))
    return tokens


def _settle(engine: Any) -> None:
    """After a bulk load, as an operator would: statistics, visibility, and the WAL written out."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
            conn.exec_driver_sql("CHECKPOINT")
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _timed(port: int, pages: dict[str, list[str]], workdir: Path) -> dict[str, dict[str, float]]:
    """Each page one request at a time, after a warm-up (templates compiled, caches filled)."""
    for lines in pages.values():
        sequential(port, lines, 1, workdir)
    return {name: sequential(port, lines, 2, workdir) for name, lines in pages.items()}


def run(url: str, args: Namespace, workdir: Path) -> dict[str, Any]:
    """Everything for one database; returns the figures."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PETITIONS_", "PROMETHEUS_"))}
    env.update(KEYS, PETITIONS_DATABASE_URL=url, PETITIONS_AUDIT_ANCHOR_FILE=str(workdir / "anchors.log"),
               PETITIONS_AUDIT_DIGEST_MAIL="false", PROMETHEUS_MULTIPROC_DIR=str(workdir / "metrics"),
               PETITIONS_RATELIMIT_STORAGE_URI=args.ratelimit_storage,
               PETITIONS_RATELIMIT_KEY_PREFIX=f"petitions-bench-{os.getpid()}-{workdir.name}")
    os.environ.update(env)
    from flask_migrate import upgrade

    from bench.bare_app import Item
    from petitions import create_app
    from petitions.extensions import db
    from petitions.workflow.signature_pages import encode_cursor

    app = create_app()
    out: dict[str, Any] = {"database": url.split(":")[0].split("+")[0], "ratelimit_storage": args.ratelimit_storage}
    now = datetime.utcnow()
    started = time.perf_counter()
    with app.app_context():
        upgrade()
        engine = db.engine
        world = data.build(engine, args.people, now)
        tokens = _tokens(engine, args.people)
        reserved = world.concerns["open"][1:4]  # signed during the run: by API, by form, in the surge
        plan = {c: n for c, n in data.spread(world, 1000, 100).items() if c not in reserved}
        data.sign(engine, world, KEYS["PETITIONS_SIGNATURE_KEY"], plan, now)
        db.session.remove()
        _settle(engine)
    with app.app_context():  # the bare app's one table, in the same database
        Item.__table__.create(bind=db.engine, checkfirst=True)
        db.session.execute(Item.__table__.insert().values(group_id=0, key="seed", visibility="public",
                                                         created_at=now))
        db.session.commit()
        db.session.remove()
    out["generate_seconds"] = round(time.perf_counter() - started, 1)
    reader, committee = browser(app, args.people // 2), browser(app, world.committee[0])
    readers = tokens[args.people // 2:][:3000]
    ports = {"app": _port(), "bare": _port()}
    servers = {"app": _serve("wsgi:app", env, args, ports["app"]), "bare": _serve("bench.bare_app:app", env, args,
                                                                                     ports["bare"])}
    try:
        big = world.big
        html = {"Cookie": reader[0], "User-Agent": USER_AGENT}
        pages = {
            "concern page": [line("GET", f"/concerns/{big}", html)],
            "concerns list, filtered and searched": [line("GET", "/concerns?status=open&q=surveillance", html)],
            "concerns list": [line("GET", "/concerns", html)],
            "register": [line("GET", "/decisions", html)],
            "committee queue": [line("GET", "/committee", {"Cookie": committee[0], "User-Agent": USER_AGENT})],
            "concern (API)": [line("GET", f"/api/v1/concerns/{big}", {"Authorization": f"Bearer {t}"})
                              for t in readers],
        }

        def signature_pages() -> dict[str, list[str]]:
            """First and last page of the big concern's signatures (the last by cursor)."""
            with app.app_context():
                from sqlalchemy import text

                total = db.session.scalar(text("SELECT count(*) FROM signatures WHERE concern_id = :c"), {"c": big})
                row = db.session.execute(text(
                    "SELECT signed_on, signer_hash FROM signatures WHERE concern_id = :c ORDER BY signed_on DESC, "
                    "signer_hash DESC LIMIT 1 OFFSET :o"), {"c": big, "o": max(total - 101, 0)}).one()
                day = row[0] if not isinstance(row[0], str) else datetime.fromisoformat(row[0]).date()
                cursor = encode_cursor(day, row[1])
                db.session.remove()
            auth = [{"Authorization": f"Bearer {t}"} for t in readers]
            path = f"/api/v1/concerns/{big}/signatures?per_page=100"
            return {"signatures, first page (API)": [line("GET", path, h) for h in auth],
                    "signatures, last page by cursor (API)": [line("GET", f"{path}&cursor={cursor}", h) for h in auth]}

        small = _timed(ports["app"], pages | signature_pages(), workdir)
        out["p50_at_1k"] = {k: v["p50_ms"] for k, v in small.items()}
        out["pages_at_1k_errors"] = {k: v["refused"] + v["socket_errors"] for k, v in small.items()}

        started = time.perf_counter()
        with app.app_context():
            rest = {c: n for c, n in data.spread(world, args.signatures - 1000, args.big - 100).items()
                    if c not in reserved}
            data.sign(data_engine := db.engine, world, KEYS["PETITIONS_SIGNATURE_KEY"], rest, now)
            db.session.remove()
            _settle(data_engine)
        out["load_million_seconds"] = round(time.perf_counter() - started, 1)

        pages |= signature_pages()
        large = _timed(ports["app"], pages, workdir)
        out["p50_at_1m"] = {k: v["p50_ms"] for k, v in large.items()}
        # Each figure right after its baseline (the machine is shared: load drifts within a run).
        bare_pages = {"render": [line("GET", "/page")], "read": [line("GET", "/read/1")]}
        out["pages"], out["paired"] = {}, {}
        for name, lines in pages.items():
            base = "read" if "API" in name else "render"
            out["paired"][name] = wrk(ports["bare"], bare_pages[base], args.seconds, workdir)
            out["pages"][name] = wrk(ports["app"], lines, args.seconds, workdir)
        out["bare"] = {name: wrk(ports["bare"], lines, args.seconds, workdir) for name, lines in bare_pages.items()}

        signer = iter(range(args.people))
        body = json.dumps({"visibility": "anonymous"})

        def api_lines(concern_id: int, many: int, base: str) -> list[str]:
            return [line("POST", f"{base}/{concern_id}" if base.startswith("/insert") else
                         f"/api/v1/concerns/{concern_id}/signatures",
                         {"Authorization": f"Bearer {tokens[next(signer)]}", "Content-Type": "application/json"}, body)
                    for _ in range(many)]

        many = int(args.seconds * 1500)
        out["bare"]["insert"] = wrk(ports["bare"], api_lines(1, many, "/insert"), args.seconds, workdir)
        signer = iter(range(args.people))
        out["sign_api"] = wrk(ports["app"], api_lines(reserved[0], many, ""), args.seconds, workdir)
        out["paired"]["sign_form"] = wrk(ports["bare"], api_lines(2, many, "/insert"), args.seconds, workdir)
        forms = []
        for _ in range(int(args.seconds * 700)):
            cookie, csrf = browser(app, 1 + next(signer))
            forms.append(line("POST", f"/concerns/{reserved[1]}/sign", {
                "Cookie": cookie, "User-Agent": USER_AGENT, "Content-Type": "application/x-www-form-urlencoded"},
                f"visibility=anonymous&statement=&csrf_token={csrf}"))
        out["sign_form"] = wrk(ports["app"], forms, args.seconds, workdir)

        surge = []
        for n in range(min(args.people // 2, int(args.surge * 600))):
            token = tokens[n]  # people 1..: none has signed the surge concern
            surge.append(line("POST", f"/api/v1/concerns/{reserved[2]}/signatures",
                              {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}, body))
            surge += [pages["concern page"][0], pages["concerns list"][0],
                      line("GET", f"/api/v1/concerns/{reserved[2]}", {"Authorization": f"Bearer {token}"}),
                      line("GET", f"/api/v1/concerns/{reserved[2]}/signatures", {"Authorization": f"Bearer {token}"})]
        out["surge"] = wrk(ports["app"], surge, args.surge, workdir)
        time.sleep(2)  # answers still in flight when wrk stopped
        out["memory_mb"] = {"app": _peak_memory_mb(servers["app"].pid), "bare": _peak_memory_mb(servers["bare"].pid)}
    finally:
        for proc in servers.values():
            proc.terminate()
            proc.wait(timeout=30)
    out["checks"] = _checks(app, reserved)
    return out


def _checks(app: Any, reserved: list[int]) -> dict[str, Any]:
    """Counts equal rows on every concern, no signer twice, and what each run stored."""
    from sqlalchemy import text

    from petitions.extensions import db

    with app.app_context():
        session = db.session
        wrong = session.scalar(text(
            "SELECT count(*) FROM concerns c WHERE c.signature_count <> (SELECT count(*) FROM signatures s "
            "WHERE s.concern_id = c.id) OR c.signature_count <> c.count_public + c.count_committee + c.count_anonymous"))
        duplicates = session.scalar(text(
            "SELECT count(*) FROM (SELECT signer_hash, concern_id FROM signatures GROUP BY signer_hash, concern_id "
            "HAVING count(*) > 1) d"))
        rows = session.scalar(text("SELECT count(*) FROM signatures"))
        stored = {name: session.scalar(text("SELECT signature_count FROM concerns WHERE id = :c"), {"c": cid})
                  for name, cid in zip(("sign_api", "sign_form", "surge"), reserved, strict=True)}
        db.session.remove()
    return {"concerns_with_wrong_counts": wrong, "duplicate_signers": duplicates, "signature_rows": rows,
            "stored": stored}
