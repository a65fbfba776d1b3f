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

The check page is counted twice: opened again with the same answers (as bench_http asks it,
and as after an upload, a language switch or a refused send), and opened once each for drafts
whose answers this worker has not seen (its memos of steps, summary and figures all miss).
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

from bench.bench_http import (
    LANG,
    Target,
    client_app,
    dispose,
    environment,
    prepare,
    request_once,
    session_cookie,
)
from bench.servers import Server, gunicorn

WARM_UP_REQUESTS = 5
STARTUP_SECONDS = 300  # imports run about ten times slower under valgrind


class ValgrindMissing(RuntimeError):
    pass


FIRST_VIEW = "check page, first view of new answers"


def first_view_targets(environ: dict[str, str], count: int) -> list[Target]:
    """`count` drafts at the check page, each with answers of its own: asking each once
    measures the check page when no memo of this worker knows its answers (the summary,
    the figures and every step's validation computed afresh)."""
    from tests.apply import journey
    from tests.pages import PageClient

    app = client_app(environ)
    targets = []
    for number in range(count):
        pages = PageClient(app.test_client())
        journey.walk_to_check(
            pages,
            LANG,
            schemes=("cofinancing", "council"),
            project_title=f"Digital førerkortfornyelse, del {number + 1}",
        )
        cookie = session_cookie(app, pages)
        targets.append(
            Target(FIRST_VIEW, "veiviser", journey.step_url(LANG, "check"), cookie=cookie, goal=0.5)
        )
    dispose(app)
    return targets


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


def instructions_per_request(
    server: Server, target: Target | list[Target], requests: int, folder: Path
) -> float:
    """Per request of `target`, or of each of a list of targets asked once in turn (the
    first WARM_UP_REQUESTS of the list warm up)."""
    (worker,) = server.worker_pids()
    sequence = target if isinstance(target, list) else [target] * (WARM_UP_REQUESTS + requests)
    for warm_up in sequence[:WARM_UP_REQUESTS]:
        request_once(server, warm_up)
    _control("--zero", str(worker))
    _control("--instr=on", str(worker))
    for counted in sequence[WARM_UP_REQUESTS : WARM_UP_REQUESTS + requests]:
        status = request_once(server, counted)
        if status != counted.expect:
            raise RuntimeError(f"{counted.name} answered {status}, not {counted.expect}")
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


def _name(target: Target | list[Target]) -> str:
    return target[0].name if isinstance(target, list) else target.name


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
        targets: list[Target | list[Target]] = list(prepare(environ))
        check = next(i for i, t in enumerate(targets) if t.name == "check page")
        firsts = first_view_targets(environ, WARM_UP_REQUESTS + args.requests)
        targets.insert(check + 1, firsts)
        if args.only:
            wanted = set(args.only)
            targets = [target for target in targets if _name(target) in wanted]
        dumps = Path(folder) / "callgrind"
        dumps.mkdir()
        bare_target = Target("bare page", "baseline", "/form")
        with counted_gunicorn("bench.baseline_app:app", environ, dumps) as server:
            bare = instructions_per_request(server, bare_target, args.requests, dumps)
        counted = []
        with counted_gunicorn("wsgi:app", environ, dumps) as server:
            for target in targets:
                per_request = instructions_per_request(server, target, args.requests, dumps)
                shown = target[0] if isinstance(target, list) else target
                counted.append(Counted(shown, per_request))
                print(f"  {shown.name}: {per_request / 1e6:.2f} M", file=sys.stderr)
    print(report(bare, counted, args.requests))
    return 0


if __name__ == "__main__":
    sys.exit(main())
