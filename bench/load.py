"""Driving a server with wrk (a C load generator, light on the shared CPU).

Python writes the requests, one a line (``METHOD<TAB>PATH<TAB>HEADERS<TAB>BODY``, headers as
``name: value`` joined by ``|``); each wrk thread takes lines i, i + n, i + 2n, ... so every
signature in a run comes from a different person. wrk counts the answers by status and prints
p50, p95 and p99 (its ``--latency`` table has no p95).
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

LUA = r"""
local threads = {}
function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end
function init(args)
  lines = {}
  for line in io.lines(os.getenv("REQUESTS_FILE")) do lines[#lines + 1] = line end
  stride = tonumber(os.getenv("WRK_THREADS"))
  counter = 0
  ok = 0
  created = 0
  refused = 0
  statuses = {}
end
local function split(s, sep)
  local out = {}
  for part in (s .. sep):gmatch("(.-)" .. sep) do out[#out + 1] = part end
  return out
end
function request()
  local index = offset + counter * stride + 1
  counter = counter + 1
  if index > #lines then index = ((index - 1) % #lines) + 1 end
  local f = split(lines[index], "\t")
  local headers = {}
  if f[3] ~= "" then
    for _, h in ipairs(split(f[3], "|")) do
      local name, value = h:match("^([^:]+):%s*(.*)$")
      headers[name] = value
    end
  end
  return wrk.format(f[1], f[2], headers, f[4] ~= "" and f[4] or nil)
end
function response(status, headers, body)
  if status == 201 then created = created + 1
  elseif status >= 200 and status < 400 then ok = ok + 1
  else refused = refused + 1; statuses[status] = (statuses[status] or 0) + 1 end
end
function done(summary, latency, requests)
  local c, o, r = 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created"); o = o + t:get("ok"); r = r + t:get("refused")
  end
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "created": %d, "ok": %d, "refused": %d, "socket_errors": %d, ' ..
    '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f}\n',
    summary.requests, summary.duration / 1e6, c, o, r,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def line(method: str, path: str, headers: dict[str, str] | None = None, body: str = "") -> str:
    """One request line for the script."""
    joined = "|".join(f"{k}: {v}" for k, v in (headers or {}).items())
    return f"{method}\t{path}\t{joined}\t{body}"


def wrk(port: int, lines: Sequence[str], seconds: float, workdir: Path, connections: int = 16,
        threads: int = 2) -> dict[str, float]:
    """Run wrk against 127.0.0.1:port for ``seconds``; the parsed result, plus requests per second."""
    script = workdir / "bench.lua"
    script.write_text(LUA)
    requests = workdir / f"requests-{port}.txt"
    requests.write_text("\n".join(lines) + "\n")
    threads = min(threads, connections)
    env = {**os.environ, "REQUESTS_FILE": str(requests), "WRK_THREADS": str(threads)}
    out = subprocess.run(  # noqa: S603
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script),
         f"http://127.0.0.1:{port}"], env=env, capture_output=True, text=True, check=True).stdout
    found = next(x for x in out.splitlines() if x.startswith("RESULT "))
    result: dict[str, float] = json.loads(found[len("RESULT "):])
    result["per_second"] = round(result["requests"] / result["seconds"], 1)
    result["connections"] = connections
    return result


def sequential(port: int, lines: Sequence[str], seconds: float, workdir: Path) -> dict[str, float]:
    """One connection, one request at a time: the latency of a page on an otherwise idle server."""
    return wrk(port, lines, seconds, workdir, connections=1, threads=1)
