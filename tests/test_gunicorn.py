"""The shipped gunicorn settings keep serving while slow clients trickle in their requests.

With the README's former command (two sync workers), two bodies sent at a byte a second held
both workers and every other visitor waited. Starts gunicorn on a loopback port with
gunicorn.conf.py and two workers, as production would."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SLOW_CLIENTS = 4  # twice the workers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str, timeout: float) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(
            f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode()
        )
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
        return data


@pytest.fixture
def server(tmp_path):
    port = free_port()
    environment = {
        **os.environ,
        "VEIVISER_ENV": "development",
        "DATABASE_URL": "sqlite:///" + str(tmp_path / "db.sqlite3"),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "gunicorn.conf.py",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if get(port, "/healthz", timeout=2).startswith(b"HTTP/1.1 200"):
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("gunicorn did not start")
    yield port
    process.terminate()
    process.wait(timeout=30)


def test_slow_request_bodies_do_not_stop_other_visitors(server):
    port = server
    slow = []
    for _ in range(SLOW_CLIENTS):
        connection = socket.create_connection(("127.0.0.1", port), timeout=5)
        connection.sendall(
            b"POST /en/apply/applicant HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\na"
        )
        slow.append(connection)
    try:
        time.sleep(0.5)  # the slow requests are in the workers' hands now
        for _ in range(5):  # a byte at a time goes on while others are served
            for connection in slow:
                connection.sendall(b"a")
            started = time.monotonic()
            answer = get(port, "/healthz", timeout=5)
            assert answer.startswith(b"HTTP/1.1 200"), answer[:100]
            assert time.monotonic() - started < 2
    finally:
        for connection in slow:
            connection.close()


def test_an_oversized_request_head_is_refused(server):
    answer = get(server, "/en/?" + "q" * 9000, timeout=5)
    assert answer.startswith(b"HTTP/1.1 414") or answer.startswith(b"HTTP/1.1 400")
