"""Drive a URL with wrk (Debian's `wrk` package) and read its figures."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

INSTALL_HINT = "wrk is missing: install Debian's package with `sudo apt-get install wrk`."

# wrk calls done() once at the end; one line of numbers is easier to read back than its report.
_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK_RESULT %d %d %d %d %d %d %d %d\\n",
    summary.requests, summary.duration, e.connect + e.read + e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""


class WrkMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    socket_errors: int
    bad_statuses: int  # 4xx and 5xx answers
    timeouts: int
    p50_ms: float
    p99_ms: float
    max_ms: float

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds

    @property
    def clean(self) -> bool:
        return not (self.socket_errors or self.bad_statuses or self.timeouts)


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise WrkMissing(INSTALL_HINT)
    return path


def _lua_string(value: str) -> str:
    level = "=" * 4
    if f"]{level}]" in value:
        raise ValueError("value cannot be quoted as a Lua long string")
    return f"[{level}[{value}]{level}]"


def script(method: str, headers: Mapping[str, str], body: str | None) -> str:
    lines = [f"wrk.method = {_lua_string(method)}"]
    lines += [f"wrk.headers[ {_lua_string(k)} ] = {_lua_string(v)}" for k, v in headers.items()]
    if body is not None:
        lines.append(f"wrk.body = {_lua_string(body)}")
    return "\n".join(lines) + _DONE


def load(
    url: str,
    *,
    seconds: float,
    connections: int,
    threads: int = 1,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    body: str | None = None,
) -> LoadResult:
    """Keep `connections` connections busy on `url` for `seconds`; wrk stops by itself."""
    with tempfile.TemporaryDirectory() as folder:
        lua = Path(folder) / "request.lua"
        lua.write_text(script(method, headers or {}, body))
        completed = subprocess.run(
            [
                wrk_path(),
                f"--threads={threads}",
                f"--connections={connections}",
                f"--duration={max(1, round(seconds))}s",
                "--timeout=10s",
                f"--script={lua}",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 30,
            check=True,
        )
    return parse(completed.stdout + completed.stderr)


def parse(output: str) -> LoadResult:
    for line in output.splitlines():
        if line.startswith("WRK_RESULT "):
            requests, micros, sockets, statuses, timeouts, p50, p99, peak = map(
                int, line.split()[1:]
            )
            return LoadResult(
                requests=requests,
                seconds=micros / 1e6,
                socket_errors=sockets,
                bad_statuses=statuses,
                timeouts=timeouts,
                p50_ms=p50 / 1000,
                p99_ms=p99 / 1000,
                max_ms=peak / 1000,
            )
    raise RuntimeError(f"wrk printed no result:\n{output}")
