"""Alembic migrations build the schema on SQLite and PostgreSQL, and match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

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
