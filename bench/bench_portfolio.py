"""Benchmark: the portfolio of granted projects, against a bare count in the same run.

    python -m bench.bench_portfolio [--projects 500] [--repeat 10] [--database-url URL]

500 granted projects (default) in five calls, 2022–2026, across the ministries, each with three
benefits with a target in each of its five years and five years of submitted reports (annual
reports with a realised value per benefit, forecasts, the final report), some missing so that
projects are late. Reported: the service, the page, the CSV, each chart and the Word document
over the app (the whole request), each against `SELECT count(*) FROM reports` on the same
database in the same run. PostgreSQL when TEST_DATABASE_URL names one, else SQLite.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, datetime

from sqlalchemy import func, insert, select, text
from werkzeug.security import generate_password_hash

from bench.bench_queue import PASSWORD, logged_in_client
from bench.databases import add_database_option, run_on_database
from bench.timing import median_seconds
from forms.ministries import MINISTRIES
from webapp import create_app
from webapp.extensions import db
from webapp.models import Advisor, Application, Call, GrantDecision
from webapp.reporting.models import Benefit, BenefitTarget, RealisedBenefit, Report
from webapp.services import charts, portfolio

FIRST, LAST = 2022, 2026
TODAY = date(2026, 12, 4)
MNOK = 1_000_000


def fill(projects: int) -> int:
    """Insert the projects and their plans and reports; returns the number of reports."""
    db.session.add(
        Advisor(
            email="bench@example.no",
            name="Bench",
            password_hash=generate_password_hash(PASSWORD, method="scrypt:1024:8:1"),
        )
    )
    calls = {
        year: Call(
            year=year,
            ruleset_id="digdir-10-100",
            pot=200 * MNOK,
            opens_on=date(year - 1, 10, 1),
            deadline_at=datetime(year, 2, 1, 11),
        )
        for year in range(FIRST, LAST + 1)
    }
    db.session.add_all(calls.values())
    db.session.flush()
    chance = random.Random(2018)  # the same portfolio in every run
    ministries = list(MINISTRIES)
    applications, decisions = [], []
    for number in range(1, projects + 1):
        year = FIRST + (number - 1) % (LAST - FIRST + 1)
        applications.append(
            {
                "id": number,
                "public_id": f"granted-{number}",
                "reference": f"VV-{year}-{number:06d}",
                "status": "closed",
                "locale": "nb",
                "ruleset_id": "digdir-10-100",
                "answers": {
                    "planned_start": f"{year}-03",
                    "planned_end": f"{year + 4}-12",
                    "project_title": f"Prosjekt {number}",
                    "contact_email": "x@example.no",
                },
                "assessment": {},
                "ministry": chance.choice(ministries),
                "project_title": f"Prosjekt {number}",
                "agency_name": f"Etat {number % 40}",
                "schemes": "cofinancing",
                "call_id": calls[year].id,
                "submitted_at": datetime(year, 1, 20),
            }
        )
        decisions.append(
            {
                "application_id": number,
                "outcome": "grant",
                "amount": chance.randint(5, 50) * MNOK,
                "reasons": [],
                "letter_language": "nb",
                "sent_at": datetime(year, 5, 15, 10),
                "final_amount": None,
                "final_sent_at": None,
                "updated_at": datetime(year, 5, 15),
            }
        )
    db.session.execute(insert(Application), applications)
    db.session.execute(insert(GrantDecision), decisions)
    benefits, targets, reports, realised = [], [], [], []
    for application in applications:
        start = int(application["answers"]["planned_start"][:4])
        for position in (1, 2, 3):
            benefit_id = len(benefits) + 1
            benefits.append(
                {
                    "id": benefit_id,
                    "application_id": application["id"],
                    "position": position,
                    "kind": "benefit_agency_budget",
                    "name": f"Gevinst {position}",
                    "owner": "",
                    "indicator": "",
                    "baseline": "",
                    "updated_at": datetime(start, 6, 1),
                }
            )
            for year in range(start + 1, start + 6):
                targets.append(
                    {"benefit_id": benefit_id, "year": year, "amount": chance.randint(1, 8) * MNOK}
                )
        for year in range(start, min(start + 5, TODAY.year)):
            for kind in ("forecast", "annual"):
                if chance.random() < 0.1:
                    continue  # not sent: late
                report_id = len(reports) + 1
                reports.append(
                    {
                        "id": report_id,
                        "application_id": application["id"],
                        "kind": kind,
                        "year": year,
                        "spent": chance.randint(1, 20) * MNOK,
                        "texts": {},
                        "created_at": datetime(year, 9, 1),
                        "updated_at": datetime(year, 9, 1),
                        "submitted_at": datetime(year, 9, 2),
                    }
                )
                if kind == "annual":
                    for benefit in benefits[-3:]:
                        realised.append(
                            {
                                "report_id": report_id,
                                "benefit_id": benefit["id"],
                                "amount": chance.randint(0, 8) * MNOK,
                                "comment": "",
                            }
                        )
    for model, rows in (
        (Benefit, benefits),
        (BenefitTarget, targets),
        (Report, reports),
        (RealisedBenefit, realised),
    ):
        db.session.execute(insert(model), rows)
    db.session.commit()
    return len(reports)


def run(database_url: str, projects: int, repeat: int) -> None:
    app = create_app(
        {"ENV_NAME": "test", "SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": False}
    )
    with app.app_context():
        db.create_all()
        filed = fill(projects)
        if db.engine.dialect.name == "postgresql":
            for table in (
                "applications",
                "grant_decisions",
                "benefits",
                "benefit_targets",
                "reports",
                "realised_benefits",
            ):
                db.session.execute(text(f"ANALYZE {table}"))
            db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Report)) == filed
        dialect = db.engine.dialect.name
        found = portfolio.portfolio(portfolio.Selection(), TODAY)
        assert len(found.projects) == projects and found.late(), "nothing found"
        baseline = median_seconds(
            lambda: db.session.execute(text("SELECT count(*) FROM reports")).scalar(), repeat
        )
        service = median_seconds(lambda: portfolio.portfolio(portfolio.Selection(), TODAY), repeat)
    client = logged_in_client(app)

    def get(path: str) -> None:
        assert client.get(path).status_code == 200

    def drawn_anew(path: str) -> None:
        charts.svg.cache_clear()  # the first request for these numbers
        get(path)

    timings = [
        ("service: the portfolio", service),
        ("page (tables)", median_seconds(lambda: get("/en/advisor/portfolio"), repeat)),
        (
            "chart: benefits, drawn",
            median_seconds(lambda: drawn_anew("/en/advisor/portfolio/benefits.svg"), repeat),
        ),
        (
            "chart: benefits, kept",
            median_seconds(lambda: get("/en/advisor/portfolio/benefits.svg"), repeat),
        ),
        (
            "chart: spending, drawn",
            median_seconds(lambda: drawn_anew("/en/advisor/portfolio/spending.svg"), repeat),
        ),
        ("CSV download", median_seconds(lambda: get("/en/advisor/portfolio.csv"), repeat)),
        (
            "Word download",
            median_seconds(lambda: get("/en/advisor/portfolio.docx"), max(3, repeat // 2)),
        ),
        (
            "one call, one ministry (page)",
            median_seconds(lambda: get(f"/en/advisor/portfolio?call={LAST}&ministry=fin"), repeat),
        ),
    ]
    print(f"{dialect}, {projects} granted projects, {filed} reports, median of {repeat} runs")
    print(f"baseline SELECT count(*) FROM reports: {baseline * 1000:8.3f} ms")
    for name, seconds in timings:
        print(f"{name:32} {seconds * 1000:9.1f} ms {seconds / baseline:8.1f}×")
    with app.app_context():
        db.engine.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=10)
    add_database_option(parser)
    arguments = parser.parse_args(argv)
    run_on_database(
        arguments.database_url, lambda url: run(url, arguments.projects, arguments.repeat)
    )


if __name__ == "__main__":
    main()
