"""Instructions per request over HTTP: Veiviser's pages against the bare Flask-WTF page.

    python -m bench.bench_instructions [--requests 20]

The same requests as bench_http, served by the same gunicorn settings (one worker, one thread)
on loopback, but counted by valgrind's callgrind instead of timed: a count does not move when
the machine is busy, where requests/s on a shared 2-core machine scattered by ±0.3 of the
ratio from row to row. The worker's counting is switched on only around each request's batch
(after a warm-up), so start-up and imports are not in it. The count is of the worker process
in user space (gunicorn, the app, Python); what the kernel spends on the socket is not in it,
and is the same for both apps. The ratio is the bare page's count divided by the request's:
what the request/s ratio would be if both were limited by the CPU alone.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.bench_http import Target, environment, prepare, request_once
from bench.servers import Server, gunicorn

WARM_UP_REQUESTS = 5
STARTUP_SECONDS = 300  # imports run about ten times slower under valgrind


class ValgrindMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Counted:
    target: Target
    instructions: float  # per request

    def ratio(self, bare: float) -> float:
        return bare / self.instructions


def counted_gunicorn(app: str, environ: dict[str, str], folder: Path):
    """One gunicorn worker with one thread under callgrind, counting nothing until told."""
    valgrind = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        "--trace-children=yes",
        f"--callgrind-out-file={folder}/%p.out",
        f"--log-file={folder}/valgrind-%p.log",
    ]
    return gunicorn(
        app,
        {**environ, "VEIVISER_THREADS": "1"},
        workers=1,
        wrapper=valgrind,
        startup_seconds=STARTUP_SECONDS,
    )


def _control(*arguments: str) -> None:
    subprocess.run(["callgrind_control", *arguments], capture_output=True, check=True)


def instructions_per_request(server: Server, target: Target, requests: int, folder: Path) -> float:
    (worker,) = server.worker_pids()
    for _ in range(WARM_UP_REQUESTS):
        request_once(server, target)
    _control("--zero", str(worker))
    _control("--instr=on", str(worker))
    for _ in range(requests):
        status = request_once(server, target)
        if status != target.expect:
            raise RuntimeError(f"{target.name} answered {status}, not {target.expect}")
    _control("--dump", str(worker))
    _control("--instr=off", str(worker))
    return _read_dump(folder, worker) / requests


def _read_dump(folder: Path, worker: int) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        dumps = sorted(folder.glob(f"{worker}.out.*"), key=lambda path: path.stat().st_mtime)
        for dump in dumps:
            found = re.search(r"^(?:summary|totals):\s*(\d+)", dump.read_text(), re.MULTILINE)
            if found:
                for used in dumps:
                    used.unlink()
                return int(found.group(1))
        time.sleep(0.2)
    raise RuntimeError(f"callgrind wrote no dump for worker {worker}")


def report(bare: float, counted: list[Counted], requests: int) -> str:
    lines = [
        f"callgrind, {requests} requests after {WARM_UP_REQUESTS} of warm-up, one gunicorn "
        "worker with one thread per app; SQLite; production config",
        "",
        "| request | M instructions / request | × bare page | goal | met |",
        "|---|---:|---:|---:|---|",
        f"| bare Flask-WTF page | {bare / 1e6:.2f} | 1.00 | | |",
    ]
    for item in counted:
        goal = item.target.goal
        ratio = item.ratio(bare)
        met = "" if goal is None else ("yes" if ratio >= goal else "NO")
        lines.append(
            f"| {item.target.name} | {item.instructions / 1e6:.2f} | {ratio:.2f} | "
            f"{f'≥ {goal:g}' if goal else ''} | {met} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20, help="counted requests per row")
    parser.add_argument(
        "--only",
        action="append",
        help="a request's name, as in the table; repeat for more (default: all)",
    )
    args = parser.parse_args(argv)
    for tool in ("valgrind", "callgrind_control"):
        if shutil.which(tool) is None:
            print(f"bench_instructions NOT RUN: {tool} is missing (apt-get install valgrind)")
            return 2

    with tempfile.TemporaryDirectory() as folder:
        environ = environment(Path(folder))
        targets = prepare(environ)
        if args.only:
            wanted = set(args.only)
            targets = [target for target in targets if target.name in wanted]
        dumps = Path(folder) / "callgrind"
        dumps.mkdir()
        bare_target = Target("bare page", "baseline", "/form")
        with counted_gunicorn("bench.baseline_app:app", environ, dumps) as server:
            bare = instructions_per_request(server, bare_target, args.requests, dumps)
        counted = []
        with counted_gunicorn("wsgi:app", environ, dumps) as server:
            for target in targets:
                per_request = instructions_per_request(server, target, args.requests, dumps)
                counted.append(Counted(target, per_request))
                print(f"  {target.name}: {per_request / 1e6:.2f} M", file=sys.stderr)
    print(report(bare, counted, args.requests))
    return 0


if __name__ == "__main__":
    sys.exit(main())
