"""Gunicorn servers on loopback ports for the HTTP benchmark, and the memory of their workers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The README's production command, with the worker count of the measurements.
DEFAULT_WORKERS = 2
STARTUP_SECONDS = 30


@dataclass(frozen=True)
class Server:
    process: subprocess.Popen
    port: int

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        """The gunicorn workers: the processes whose parent is the master."""
        workers = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name is in parentheses and may hold spaces: split after it.
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == self.process.pid:
                workers.append(int(entry.name))
        return sorted(workers)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@cache
def _has_option(option: str) -> bool:
    usage = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--help"], capture_output=True, text=True, check=True
    )
    return option in usage.stdout


def gunicorn_command(app: str, port: int, workers: int) -> list[str]:
    command = [sys.executable, "-m", "gunicorn"]
    config = ROOT / "gunicorn.conf.py"
    if config.exists():  # the shipped settings, for both servers alike
        command += ["--config", str(config)]
    if _has_option("--no-control-socket"):  # gunicorn 24+: two servers would share one socket
        command.append("--no-control-socket")
    # Given on the command line, these win over the config file.
    return [
        *command,
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",  # and no access log: writing it would be part of what is measured
        app,
    ]


@contextmanager
def gunicorn(
    app: str,
    environ: Mapping[str, str],
    workers: int = DEFAULT_WORKERS,
    wrapper: Sequence[str] = (),
    startup_seconds: float = STARTUP_SECONDS,
) -> Iterator[Server]:
    """Serve `app` ("module:variable") on a free loopback port until the block ends; `wrapper`
    is a command gunicorn runs under (valgrind, say), which may need a longer start."""
    port = free_port()
    process = subprocess.Popen(
        [*wrapper, *gunicorn_command(app, port, workers)],
        cwd=ROOT,
        env={**os.environ, **environ},
        stdin=subprocess.DEVNULL,
    )
    server = Server(process, port)
    try:
        _wait_until_serving(server, workers, startup_seconds)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=startup_seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_serving(server: Server, workers: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start (exit {server.process.returncode})")
        if len(server.worker_pids()) >= workers:
            try:
                socket.create_connection(("127.0.0.1", server.port), timeout=1).close()
                return
            except OSError:
                pass
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not serve on port {server.port} in {seconds:g} s")
