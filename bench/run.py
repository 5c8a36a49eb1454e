"""Signing throughput and page latency, measured against a bare Flask app in the same run.

What it does, all on 127.0.0.1:
1. Builds a fresh SQLite database (or uses PETITIONS_BENCH_DATABASE_URL) through the migrations,
   with N people and tokens and one open concern.
2. Serves the app and the bare baseline app with the same gunicorn settings.
3. Sends one signature per person to the same concern from several client processes
   (keep-alive connections), and the same number of POSTs to the baseline.
4. Checks the stored count is exact, then loads a million signatures and times the pages.

Usage: python bench/run.py [--people 5000] [--million 1000000] [--workers 2] [--threads 1] [--seconds 10]
The load comes from wrk (Debian package) when it is installed, else from Python client processes.
Prints a table and writes bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _gunicorn(workers: int, threads: int) -> list[str]:
    return [sys.executable, "-m", "gunicorn", "--worker-class", "gthread", "--workers", str(workers),
            "--threads", str(threads), "--log-level", "warning", "--keep-alive", "30"]


GUNICORN = _gunicorn(2, 1)


def _serve(target: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([*GUNICORN, "--bind", f"127.0.0.1:{port}", target], cwd=ROOT, env=env)
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{target} did not start")


def _client(args: tuple[int, str, list[str], str]) -> list[tuple[int, float]]:
    """One client process: a keep-alive connection per thread, one POST per token."""
    from concurrent.futures import ThreadPoolExecutor

    port, path, tokens, _ = args
    chunks = [tokens[i::4] for i in range(4)]

    def run(chunk: list[str]) -> list[tuple[int, float]]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        out = []
        for token in chunk:
            started = time.perf_counter()
            conn.request("POST", path, body=b'{"visibility": "anonymous"}',
                         headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            response = conn.getresponse()
            response.read()
            out.append((response.status, time.perf_counter() - started))
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.close()
        return out

    with ThreadPoolExecutor(4) as pool:
        return [r for part in pool.map(run, chunks) for r in part]


def _storm(port: int, path: str, tokens: list[str], clients: int) -> dict[str, float]:
    parts = [(port, path, tokens[i::clients], "") for i in range(clients)]
    started = time.perf_counter()
    with Pool(clients) as pool:
        results = [r for part in pool.map(_client, parts) for r in part]
    elapsed = time.perf_counter() - started
    latencies = sorted(r[1] for r in results)
    codes: dict[str, int] = {}
    for status, _ in results:
        codes[str(status)] = codes.get(str(status), 0) + 1
    return {
        "requests": len(results), "seconds": round(elapsed, 3), "per_second": round(len(results) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 2), "codes": codes,  # type: ignore[dict-item]
    }


def _wrk(port: int, path: str, tokens: list[str], seconds: int, workdir: Path) -> dict[str, object]:
    """Drive ``path`` with wrk (a C load generator, light on the shared CPU) for ``seconds``."""
    token_file = workdir / f"tokens-{port}.txt"
    token_file.write_text("\n".join(tokens) + "\n")
    env = {**os.environ, "TOKENS_FILE": str(token_file), "BENCH_PATH": path, "WRK_THREADS": "2"}
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", "-s", str(ROOT / "bench" / "sign.lua"),
         f"http://127.0.0.1:{port}"], env=env, capture_output=True, text=True, check=True).stdout
    import re

    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    elapsed = float(re.search(r"requests in ([\d.]+)s", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    failed = int(errors.group(1)) if errors else 0
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)

    def ms(match: re.Match[str] | None) -> float | None:
        if match is None:
            return None
        return round(float(match.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[match.group(2)], 2)

    return {"client": "wrk -t2 -c16", "requests": total, "seconds": elapsed, "ok": total - failed,
            "non_2xx": failed, "ok_per_second": round((total - failed) / elapsed, 1),
            "p50_ms": ms(p50), "p99_ms": ms(p99)}


def _get(port: int, path: str, token: str | None, repeat: int = 20) -> dict[str, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    times, status = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        status = response.status
        times.append(time.perf_counter() - started)
    conn.close()
    return {"status": status, "p50_ms": round(statistics.median(times) * 1000, 2), "max_ms": round(max(times) * 1000, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--million", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (both apps)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (both apps)")
    parser.add_argument("--seconds", type=int, default=10, help="how long wrk drives each app")
    args = parser.parse_args()
    global GUNICORN
    GUNICORN = _gunicorn(args.workers, args.threads)

    workdir = Path(tempfile.mkdtemp(prefix="petitions-bench-"))
    url = os.environ.get("PETITIONS_BENCH_DATABASE_URL") or f"sqlite:///{workdir / 'bench.db'}"
    env = {**os.environ, "PETITIONS_DATABASE_URL": url, "PETITIONS_SECRET_KEY": "bench-secret",
           "PETITIONS_SIGNATURE_KEY": "bench-signature-key", "PETITIONS_REVIEW_THRESHOLD": str(10 * args.people),
           }
    os.environ.update(env)

    from sqlalchemy import insert, select, text

    from petitions import create_app
    from petitions.extensions import db
    from petitions.models import ApiToken, User
    from petitions.workflow import concerns, contracts

    app = create_app()
    tokens: list[str] = []
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.session.execute(insert(User), [
            {"email": f"p{i}@bench.example", "name": f"Person {i}", "department": f"D{i % 12}",
             "location": f"L{i % 5}", "active": True} for i in range(args.people + 1)])
        db.session.commit()
        ids = list(db.session.scalars(select(User.id).order_by(User.id)))
        for uid in ids[1:]:
            token = "pt_" + secrets.token_urlsafe(24)
            tokens.append(token)
            db.session.add(ApiToken(user_id=uid, token_hash=hashlib.sha256(token.encode()).hexdigest(), label="bench"))
        db.session.commit()
        author = db.session.get(User, ids[0])
        contract = contracts.create_contract(author, {"title": "Bench contract", "counterparty": "Agency"})
        concern = concerns.create(author, {"title": "Bench concern", "summary": "s", "body": "b",
                                           "contract_id": contract.id}, publish=True)
        concern_id, contract_id = concern.id, contract.id
        author_token = "pt_" + secrets.token_urlsafe(24)
        db.session.add(ApiToken(user_id=author.id, token_hash=hashlib.sha256(author_token.encode()).hexdigest()))
        db.session.commit()

    results: dict[str, object] = {"people": args.people, "database": url.split(":")[0],
                                  "gunicorn": {"workers": args.workers, "threads": args.threads}}
    app_proc = _serve("wsgi:app", 5101, env)
    bare_proc = _serve("bench.bare_app:app", 5102, env)
    try:
        if shutil.which("wrk"):
            results["bare_flask_post"] = _wrk(5102, f"/sign/{concern_id}", tokens, args.seconds, workdir)
            results["sign"] = _wrk(5101, f"/api/v1/concerns/{concern_id}/signatures", tokens, args.seconds,
                                   workdir)
        else:  # no wrk: a Python client, which takes a share of the same two cores
            results["bare_flask_post"] = _storm(5102, f"/sign/{concern_id}", tokens, args.clients)
            results["sign"] = _storm(5101, f"/api/v1/concerns/{concern_id}/signatures", tokens, args.clients)
        time.sleep(2)  # let requests still in flight when the client stopped finish
        with app.app_context():
            # One statement, so both numbers come from the same snapshot on PostgreSQL too.
            stored, rows = db.session.execute(text(
                "SELECT signature_count, (SELECT count(*) FROM signatures s WHERE s.concern_id = c.id) "
                "FROM concerns c WHERE c.id = :c"), {"c": concern_id}).one()
            db.session.commit()
            # Exact: the count column equals the rows. (wrk stops its clock with up to 16 requests
            # still in flight, so its "ok" can trail the rows by at most that many.)
            results["count_exact"] = stored == rows
            results["signatures_stored"] = rows - 1
            results["stored_count"] = stored

        if args.million:
            with app.app_context():
                started = time.perf_counter()
                _load_signatures(app, concern_id, args.million)
                results["million_load_seconds"] = round(time.perf_counter() - started, 1)
            results["pages"] = {
                "bare_flask_get": _get(5102, "/page", None),
                "api_concern": _get(5101, f"/api/v1/concerns/{concern_id}", author_token),
                "api_concerns_list_q": _get(5101, "/api/v1/concerns?q=bench&sort=signatures", author_token),
                "api_signatures_page_1": _get(5101, f"/api/v1/concerns/{concern_id}/signatures", author_token),
                "api_signatures_page_5000": _get(5101, f"/api/v1/concerns/{concern_id}/signatures?page=5000&per_page=100", author_token),
                "api_contract": _get(5101, f"/api/v1/contracts/{contract_id}", author_token),
            }
    finally:
        for proc in (app_proc, bare_proc):
            proc.terminate()
            proc.wait(timeout=10)

    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


def _load_signatures(app: object, concern_id: int, total: int) -> None:
    """Bulk-load anonymous signatures (and their counts) straight into the tables."""
    from sqlalchemy import text

    from petitions.extensions import db

    batch = 50_000
    day = "2026-11-01 00:00:00"
    for start in range(0, total, batch):
        rows = [{"c": concern_id, "h": hashlib.sha256(f"bulk{start + i}".encode()).hexdigest(), "d": day}
                for i in range(min(batch, total - start))]
        db.session.execute(text("INSERT INTO signatures (concern_id, signer_hash, visibility, statement, signed_at) "
                                "VALUES (:c, :h, 'anonymous', '', :d)"), rows)
        db.session.commit()
    db.session.execute(text("UPDATE concerns SET signature_count = signature_count + :n, "
                            "count_anonymous = count_anonymous + :n WHERE id = :c"), {"n": total, "c": concern_id})
    db.session.commit()


if __name__ == "__main__":
    main()
