"""Alembic migrations build the schema on SQLite and PostgreSQL, and match the models."""

from __future__ import annotations

import json

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from forms import yearly
from forms.npv import cofinancing_figures
from forms.rulesets import load_ruleset
from webapp.extensions import db


def test_upgrade_from_empty_builds_the_schema_the_models_describe(app):
    with app.app_context():
        db.drop_all()
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"applications", "advisors", "audit_events", "alembic_version"} <= tables
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == [], f"models and migrations differ: {differences}"


def test_downgrade_to_base_and_up_again(app):
    with app.app_context():
        db.drop_all()
        upgrade()
        downgrade(revision="base")
        assert "applications" not in inspect(db.engine).get_table_names()
        upgrade()
        assert "applications" in inspect(db.engine).get_table_names()


OLD_DRAFT = {
    "planned_start": "2027-03",
    "requested_amount": 3_000_000,
    "investment_cost": 12_500_000,
    "annual_operating_cost": 500_000,
    "annual_internal_benefit": 3_000_000,
    "annual_external_benefit": 2_000_000,
    "benefit_start_year": 2028,
}


def _insert(connection, public_id: str, answers: dict) -> None:
    connection.execute(
        text(
            "INSERT INTO applications (public_id, status, locale, ruleset_id, answers, assessment,"
            " updated_at) VALUES (:public_id, 'draft', 'nb', 'difi-2018', :answers, '{}',"
            " CURRENT_TIMESTAMP)"
        ),
        {"public_id": public_id, "answers": json.dumps(answers)},
    )


def _answers(public_id: str) -> dict:
    value = db.session.execute(
        text("SELECT answers FROM applications WHERE public_id = :p"), {"p": public_id}
    ).scalar_one()
    return json.loads(value) if isinstance(value, str) else value


def test_old_scalar_figures_become_year_rows_and_come_back(app):
    with app.app_context():
        db.drop_all()
        upgrade(revision="0005")
        table = {**OLD_DRAFT, "yearly_figures": [{"investment_cost": 1}]}
        with db.engine.begin() as connection:
            _insert(connection, "old", OLD_DRAFT)
            _insert(connection, "new", table)
            _insert(connection, "council", {"agency_name": "Etaten"})
        upgrade()
        converted = _answers("old")
        # The migration's frozen copy of the conversion agrees with forms.yearly's.
        assert converted == yearly.converted_answers(OLD_DRAFT, 10)
        assert not set(yearly.SCALAR_KEYS) & set(converted)
        assert _answers("new") == table  # already a table: left alone
        assert _answers("council") == {"agency_name": "Etaten"}
        # The figures are the ones the old answers gave.
        difi = load_ruleset("difi-2018")
        assert cofinancing_figures(converted, difi).analysis.npv == (
            cofinancing_figures(OLD_DRAFT, difi).analysis.npv
        )
        db.session.remove()
        downgrade(revision="0005")
        assert _answers("old") == OLD_DRAFT
        db.session.remove()


def test_cases_sent_before_tracks_get_the_track_their_status_implies(app):
    with app.app_context():
        db.drop_all()
        upgrade(revision="0009")
        cases = [
            ("a", "submitted", "cofinancing,council"),
            ("b", "letter_ready", "council"),
            ("c", "closed", "council"),
            ("d", "in_review", "cofinancing"),
            ("e", "draft", "council"),
        ]
        with db.engine.begin() as connection:
            for public_id, status, schemes in cases:
                connection.execute(
                    text(
                        "INSERT INTO applications (public_id, status, locale, ruleset_id, answers,"
                        " assessment, schemes, updated_at) VALUES (:p, :s, 'nb', 'digdir-2020',"
                        " '{}', '{}', :schemes, CURRENT_TIMESTAMP)"
                    ),
                    {"p": public_id, "s": status, "schemes": schemes},
                )
                connection.execute(
                    text(
                        "INSERT INTO audit_events (application_id, action, detail, created_at)"
                        " SELECT id, 'created', '{}', CURRENT_TIMESTAMP FROM applications"
                        " WHERE public_id = :p"
                    ),
                    {"p": public_id},
                )
        upgrade()
        # Later migrations rebuild `applications` on SQLite: nothing hanging off it may vanish.
        surviving = db.session.execute(text("SELECT count(*) FROM audit_events")).scalar_one()
        assert surviving == len(cases)
        found = db.session.execute(
            text(
                "SELECT a.public_id, t.scheme, t.step FROM tracks t"
                " JOIN applications a ON a.id = t.application_id ORDER BY a.public_id, t.scheme"
            )
        ).all()
        assert [tuple(row) for row in found] == [
            ("a", "cofinancing", "submitted"),
            ("a", "council", "preparation"),
            ("b", "council", "project_review"),
            ("c", "council", "follow_up"),
            ("d", "cofinancing", "submitted"),
        ]
