"""Benchmark: the council's figures over five years of cases, against a bare count in the same run.

    python -m bench.bench_council_figures [--per-year 500] [--repeat 10] [--database-url URL]

Five years of council cases (500 a year by default, far more than the council has had), each
with readiness answers, a phase and a size, half of them with a letter ready and so with
recommendations counted by theme. Reported: the service computing the figures, the page and
the CSV over the app (the whole request), each against `SELECT count(*) FROM applications` on
the same database in the same run. PostgreSQL when TEST_DATABASE_URL names one, else SQLite.
"""

from __future__ import annotations

import argparse
import random
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select, text
from werkzeug.security import generate_password_hash

from bench.bench_queue import PASSWORD, logged_in_client
from bench.databases import add_database_option, run_on_database
from bench.timing import median_seconds
from forms.ministries import MINISTRIES
from forms.steps import READINESS_QUESTIONS
from webapp import create_app
from webapp.extensions import db
from webapp.models import Advisor, Application
from webapp.services import council_figures

FIRST, LAST = 2022, 2026
PHASES = ("idea", "concept", "planning", "execution")


def fill(per_year: int) -> int:
    db.session.add(
        Advisor(
            email="bench@example.no",
            name="Bench",
            password_hash=generate_password_hash(PASSWORD, method="scrypt:1024:8:1"),
        )
    )
    chance = random.Random(2016)  # the same cases in every run
    ministries = list(MINISTRIES)
    rows = []
    for year in range(FIRST, LAST + 1):
        for n in range(per_year):
            number = len(rows) + 1
            cost = chance.choice((None, 12, 40, 150, 400))
            answers = {
                "phase": chance.choice(PHASES),
                "cross_sector": chance.choice(("yes", "no")),
                "benefits_plan": chance.choice(("yes", "in_progress", "no")),
                **{q: chance.choice(("yes", "partly", "no")) for q in READINESS_QUESTIONS},
            }
            rows.append(
                {
                    "public_id": f"council-{number}",
                    "reference": f"VV-{year}-{number:06d}",
                    "status": "letter_ready" if n % 2 else "in_review",
                    "locale": "nb",
                    "ruleset_id": "digdir-10-100",
                    "answers": answers,
                    "assessment": {},
                    "ministry": chance.choice(ministries),
                    "total_cost": None if cost is None else cost * 1_000_000,
                    "schemes": "council",
                    "submitted_at": datetime(year, 1, 10) + timedelta(hours=n * 13),
                }
            )
    db.session.execute(insert(Application), rows)
    db.session.commit()
    return len(rows)


def run(database_url: str, per_year: int, repeat: int) -> None:
    app = create_app(
        {"ENV_NAME": "test", "SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": False}
    )
    with app.app_context():
        db.create_all()
        cases = fill(per_year)
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE applications"))
            db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Application)) == cases
        dialect = db.engine.dialect.name
        period = council_figures.Period(FIRST, LAST)
        figures = council_figures.compute(period)
        assert figures.cases == cases and figures.letters == cases // 2, "nothing counted"
        baseline = median_seconds(
            lambda: db.session.execute(text("SELECT count(*) FROM applications")).scalar(),
            repeat,
        )
        service = median_seconds(lambda: council_figures.compute(period), repeat)
    client = logged_in_client(app)
    query = f"?from={FIRST}&to={LAST}"

    def get(path: str) -> None:
        assert client.get(path + query).status_code == 200

    page = median_seconds(lambda: get("/en/advisor/figures/council"), repeat)
    csv = median_seconds(lambda: get("/en/advisor/figures/council.csv"), repeat)
    docx = median_seconds(lambda: get("/en/advisor/figures/council.docx"), max(3, repeat // 2))
    print(f"{dialect}, {cases} council cases over {FIRST}–{LAST}, median of {repeat} runs")
    print(f"baseline SELECT count(*): {baseline * 1000:8.3f} ms")
    for name, seconds in (
        ("service: compute the figures", service),
        ("page", page),
        ("CSV download", csv),
        ("DOCX appendix download", docx),
    ):
        print(f"{name:30} {seconds * 1000:9.1f} ms {seconds / baseline:8.1f}×")
    with app.app_context():
        db.engine.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-year", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=10)
    add_database_option(parser)
    arguments = parser.parse_args(argv)
    run_on_database(
        arguments.database_url, lambda url: run(url, arguments.per_year, arguments.repeat)
    )


if __name__ == "__main__":
    main()
