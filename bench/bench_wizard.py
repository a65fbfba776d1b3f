"""Benchmark: the wizard's requests, against the app's cheapest request in the same run.

    python -m bench.bench_wizard [--repeat 30]

Every wizard request recomputes the applicant's path from the stored answers (each step on the
way is validated again), so the cost grows with the path. The ratios divide each request's median
time by that of GET /healthz, which goes through the same app, headers and session handling.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from bench.timing import median_seconds
from tests.apply.journey import walk_to_check
from tests.pages import PageClient
from webapp import create_app
from webapp.extensions import db


def peak_mib(action: Callable[[], object]) -> float:
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        url = "sqlite:///" + str(Path(folder) / "bench.sqlite3")
        app = create_app({"ENV_NAME": "test", "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            db.create_all()
        pages = PageClient(app.test_client())
        walk_to_check(pages, "nb", schemes=("cofinancing", "council"))
        client = pages.client
        token = re.search(
            r'name="csrf_token" value="([^"]+)"', client.get("/nb/apply/budget").get_data(True)
        )[1]

        requests: dict[str, Callable[[], object]] = {
            "GET /healthz (baseline)": lambda: client.get("/healthz"),
            "GET start page": lambda: client.get("/nb/"),
            "GET first step": lambda: client.get("/nb/apply/applicant"),
            "GET result page (routing)": lambda: client.get("/nb/apply/result"),
            "GET check page (whole path)": lambda: client.get("/nb/apply/check"),
            "POST budget (save, redirect)": lambda: client.post(
                "/nb/apply/budget",
                data={"csrf_token": token, "total_cost": "12 500 000", "estimate_kind": "p50"},
            ),
        }
        medians = {name: median_seconds(action, args.repeat) for name, action in requests.items()}
        baseline = medians["GET /healthz (baseline)"]
        check_memory = peak_mib(requests["GET check page (whole path)"])

    print(f"wizard requests, SQLite, median of {args.repeat} runs")
    print(f"{'request':34} {'median ms':>10} {'× baseline':>11}")
    for name, seconds in medians.items():
        print(f"{name:34} {seconds * 1000:10.2f} {seconds / baseline:11.1f}")
    print(f"peak Python memory of one check page: {check_memory:.2f} MiB (tracemalloc)")


if __name__ == "__main__":
    main()
