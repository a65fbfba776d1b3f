"""Benchmark: a call's ranking at 10 000 applications, against a bare count in the same run.

    python -m bench.bench_ranking [--rows 10000] [--repeat 20] [--database-url URL]

The ranking page computes every application's weighted rank, place and the cumulative amount
against the pot in one statement with window functions. The figures that matter are the
ratios: the page (the whole request: guard, pot summary, count, one page of rows, template),
the service call alone and the CSV export, each divided by the time of
`SELECT count(*) FROM applications` on the same database in the same run. Without
--database-url it runs on PostgreSQL when TEST_DATABASE_URL names one, else on SQLite.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import parse_qsl

from sqlalchemy import func, insert, select, text, update
from werkzeug.security import generate_password_hash

from bench.bench_queue import PASSWORD, logged_in_client
from bench.databases import add_database_option, run_on_database
from bench.timing import median_seconds
from tests.advisor.bulk import queue_rows
from webapp import create_app
from webapp.extensions import db
from webapp.models import Advisor, Application, Call, RankingEntry
from webapp.services import ranking

YEAR = 2027
QUERIES = {
    "first page, in place order": "",
    "page 100": "?page=100",
    "sorted by NPV per krone": "?sort=npv",
    "within the pot": "?pot=within",
    "requirements not met, page 5": "?requirements=not-met&page=5",
    "search 'etat 1'": "?q=etat+1",
}


def fill(rows: int) -> None:
    call = Call(
        year=YEAR,
        ruleset_id="digdir-10-100",
        pot=190_000_000,
        opens_on=date(2026, 10, 15),
        deadline_at=datetime(2027, 1, 20, 11, 0),
    )
    db.session.add(call)
    db.session.add(
        Advisor(
            email="bench@example.no",
            name="Bench",
            password_hash=generate_password_hash(PASSWORD, method="scrypt:1024:8:1"),
        )
    )
    db.session.flush()
    applications = queue_rows(rows, datetime(2026, 11, 1), "ranking")
    for row in applications:
        row["schemes"] = "cofinancing"
        row["call_id"] = call.id
    db.session.execute(insert(Application), applications)
    ids = db.session.scalars(select(Application.id).order_by(Application.id)).all()
    call_id = call.id
    chance = random.Random(2027)  # the same spread of figures in every run

    def entry(application_id: int) -> dict:
        requested = chance.randrange(2, 50) * 1_000_000
        met = chance.random() > 0.1
        return {
            "application_id": application_id,
            "call_id": call_id,
            "npv_per_krone": Decimal(chance.randrange(-500, 3000)) / 1000,
            "requested_amount": requested,
            "grant_ceiling": requested,
            "proposed_amount": requested,
            "eligible_applicant": True,
            "cost_band": True,
            "phase": met,
            "attachments": True,
            "ks_statement_needed": False,
            "ks_statement": False,
            "requirements_checked": True,
            "benefits_score": chance.randint(1, 5),
            "gains_score": chance.randint(1, 5),
            "maturity_score": chance.choice((None, 1, 2, 3, 4, 5)),
        }

    db.session.execute(insert(RankingEntry), [entry(application_id) for application_id in ids])
    # A few places set by hand, as a lead advisor does.
    db.session.execute(
        update(RankingEntry)
        .where(RankingEntry.application_id.in_(ids[::1000]))
        .values(rank_override=3, override_reason="benchmark")
    )
    db.session.commit()


def run(database_url: str, rows: int, repeat: int) -> None:
    app = create_app(
        {"ENV_NAME": "test", "SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": False}
    )
    with app.app_context():
        db.create_all()
        fill(rows)
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE applications"))
            db.session.execute(text("ANALYZE ranking_entries"))
            db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(RankingEntry)) == rows
        dialect = db.engine.dialect.name
        call = db.session.scalar(select(Call).where(Call.year == YEAR))
        # The first read stores the places (as after the migration); the pages then read them.
        first = ranking.ranking_page(call, ranking.RankingQuery())
        db.session.commit()  # as the page does
        assert first.total == rows and len(first.rows) == ranking.PER_PAGE, "no ranking"
        baseline = median_seconds(
            lambda: db.session.execute(text("SELECT count(*) FROM applications")).scalar(),
            repeat,
        )
        service = {
            name: median_seconds(
                lambda args=args: ranking.ranking_page(
                    call, ranking.RankingQuery.from_args(dict(parse_qsl(args[1:])))
                ),
                repeat,
            )
            for name, args in QUERIES.items()
        }
        export = median_seconds(lambda: ranking.export_rows(call), max(3, repeat // 4))
    client = logged_in_client(app)

    def page(args: str) -> None:
        response = client.get(f"/en/advisor/calls/{YEAR}" + args)
        assert response.status_code == 200

    pages = {name: median_seconds(lambda a=args: page(a), repeat) for name, args in QUERIES.items()}

    def csv() -> None:
        response = client.get(f"/en/advisor/calls/{YEAR}/ranking.csv")
        assert response.status_code == 200

    csv_time = median_seconds(csv, max(3, repeat // 4))

    print(f"{dialect}, {rows} applications in one call, median of {repeat} runs")
    print(f"baseline SELECT count(*): {baseline * 1000:8.3f} ms")
    print(f"{'query':30} {'service ms':>11} {'ratio':>8} {'page ms':>9} {'ratio':>8}")
    for name in QUERIES:
        print(
            f"{name:30} {service[name] * 1000:11.3f} {service[name] / baseline:8.1f}"
            f" {pages[name] * 1000:9.3f} {pages[name] / baseline:8.1f}"
        )
    print(
        f"{'export, all rows':30} {export * 1000:11.3f} {export / baseline:8.1f}"
        f" {csv_time * 1000:9.3f} {csv_time / baseline:8.1f}   (CSV download)"
    )
    with app.app_context():
        db.engine.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    add_database_option(parser)
    arguments = parser.parse_args(argv)
    run_on_database(arguments.database_url, lambda url: run(url, arguments.rows, arguments.repeat))


if __name__ == "__main__":
    main()
