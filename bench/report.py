"""bench/RESULTS.md: every figure beside the bare app's, as a ratio, with the targets of issue 12."""

from __future__ import annotations

from pathlib import Path
from typing import Any

TARGET_PAGES = ("concern page", "concerns list, filtered and searched", "concerns list", "register", "committee queue")


def _ok(met: bool) -> str:
    return "yes" if met else "**no**"


def _one(name: str, r: dict[str, Any]) -> list[str]:
    if "skipped" in r:
        return [f"## {name}", "", f"Skipped: {r['skipped']}.", ""]
    bare = r["bare"]
    render, read, insert = bare["render"]["per_second"], bare["read"]["per_second"], bare["insert"]
    insert_rate = insert["created"] / insert["seconds"]
    out = [f"## {name}", "", f"Data generated in {r['generate_seconds']} s; 1,000 to 1,000,000 signatures loaded in "
           f"{r['load_million_seconds']} s. Rate limits kept in `{r['ratelimit_storage']}`.", "",
           "| figure | app | bare | ratio | target | met |", "|---|---|---|---|---|---|"]
    api = r["sign_api"]
    api_rate = api["created"] / api["seconds"]
    out.append(f"| signing, API (signatures/s, 16 connections) | {api_rate:.0f} | {insert_rate:.0f} (insert) | "
               f"{api_rate / insert_rate:.2f} | ≥ 0.5 | {_ok(api_rate / insert_rate >= 0.5)} |")
    form = r["sign_form"]
    form_rate = form["ok"] / form["seconds"]
    paired = r.get("paired", {})
    if "sign_form" in paired:
        insert_rate = paired["sign_form"]["created"] / paired["sign_form"]["seconds"]
    out.append(f"| signing, form (signatures/s, 16 connections) | {form_rate:.0f} | {insert_rate:.0f} (insert) | "
               f"{form_rate / insert_rate:.2f} | ≥ 0.5 | {_ok(form_rate / insert_rate >= 0.5)} |")
    for page, m in r["pages"].items():
        label = "read" if "API" in page else "render"
        base = paired[page]["per_second"] if page in paired else (read if label == "read" else render)
        ratio = m["per_second"] / base
        target = page in TARGET_PAGES
        out.append(f"| {page} (requests/s) | {m['per_second']:.0f} | {base:.0f} ({label}) | {ratio:.2f} | "
                   f"{'≥ 0.4' if target else '-'} | {_ok(ratio >= 0.4) if target else '-'} |")
    for page, m in r["pages"].items():
        out.append(f"| {page}: p95 under 16 connections (ms) | {m['p95_ms']:.1f} | "
                   f"{bare['read' if 'API' in page else 'render']['p95_ms']:.1f} | - | < 50 | {_ok(m['p95_ms'] < 50)} |")
    for page, p50 in r["p50_at_1m"].items():
        small = r["p50_at_1k"][page] or float("nan")
        out.append(f"| {page}: p50 at 1M / at 1k signatures (ms) | {p50:.1f} / {small:.1f} | - | {p50 / small:.2f} | "
                   f"≤ 1.5 | {_ok(p50 / small <= 1.5)} |")
    first = r["p50_at_1m"]["signatures, first page (API)"] or float("nan")
    last = r["p50_at_1m"]["signatures, last page by cursor (API)"]
    out.append(f"| signatures: last page / first page, p50 (ms) | {last:.1f} / {first:.1f} | - | {last / first:.2f} | "
               f"≈ 1 | {_ok(last / first <= 1.5)} |")
    surge, checks = r["surge"], r["checks"]
    errors = surge["refused"] + surge["socket_errors"]
    exact = checks["concerns_with_wrong_counts"] == 0 and checks["duplicate_signers"] == 0
    out.append(f"| surge, {surge['seconds']:.0f} s: signatures/s (4 page reads each) | "
               f"{surge['created'] / surge['seconds']:.0f} | - | - | 0 errors | {_ok(errors == 0)} ({errors} errors) |")
    out.append(f"| counts = rows on every concern, no signer twice | {_ok(exact)} | - | - | exact | {_ok(exact)} |")
    peak = max(r["memory_mb"]["app"] or [0])
    out.append(f"| peak memory per worker (MB) | {peak:.0f} | {max(r['memory_mb']['bare'] or [0]):.0f} | - | < 120 | "
               f"{_ok(peak < 120)} |")
    out += ["", f"Surge: {surge['created']} signatures answered 201, {surge['ok']} reads, {errors} errors; the surge "
            f"concern holds {checks['stored']['surge']} signatures (the difference is the requests in flight when wrk "
            f"stopped, answered after it); {checks['signature_rows']:,} signature rows in all.", ""]
    return out


def markdown(meta: dict[str, Any], results: dict[str, Any]) -> str:
    """The whole report."""
    args = meta["args"]
    lines = ["# Benchmark results", "",
             f"`make bench` (`python bench/run.py`), commit `{meta['commit']}`, {meta['seconds']} s in all. "
             f"Scale: {meta['scale']['people']:,} people, {meta['scale']['concerns']:,} concerns in every state, "
             f"{meta['scale']['signatures']:,} signatures of three visibilities, one concern with "
             f"{meta['scale']['big']:,}.", "",
             f"Both apps under `gunicorn -c gunicorn_conf.py --workers {args['workers']} --threads {args['threads']}` "
             "on the same database; load from wrk on the same machine. Ratios are to the bare Flask + "
             "Flask-SQLAlchemy app (`bench/bare_app.py`) measured in the same run: pages to its template render "
             "(API reads to its read by key), signing to its insert under a unique constraint; each measured just "
             "before the figure it is compared with.", "",
             f"Machine load: before {tuple(round(x, 2) for x in meta['load_before'])}, after "
             f"{tuple(round(x, 2) for x in meta['load_after'])} (`{meta['uptime']}`). The machine's 2 cores are shared "
             "with other work: absolute numbers move by 20% or more between runs; ratios within one run decide.", ""]
    for name, r in results.items():
        lines += _one(name, r)
    findings = Path(__file__).with_name("FINDINGS.md")
    if findings.exists():
        lines += ["", findings.read_text().rstrip()]
    return "\n".join(lines) + "\n"
