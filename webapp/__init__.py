"""Veiviser: guides state agencies to the right support scheme for a digitalisation project."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from forms import translation

from . import (
    converters,
    embed,
    errors,
    field_markup,
    i18n,
    jobs,
    logs,
    proxy,
    security,
    session_cookie,
    transactions,
)
from .config import config_for, instance_secret_key, settings_from_environment, sqlite_url
from .extensions import babel, csrf, db, limiter, login_manager, migrate

MIGRATIONS_DIR = str(Path(__file__).parent / "migrations")


def create_app(config: str | Mapping[str, Any] | None = None) -> Flask:
    """Build the app. `config` is an environment name, or a mapping of overrides for tests."""
    app = Flask(__name__, instance_relative_config=True)
    overrides: Mapping[str, Any] = {}
    if isinstance(config, Mapping):
        overrides = config
        config = overrides.get("ENV_NAME")
    app.config.from_object(config_for(config))
    if app.config["ENV_NAME"] != "test":
        app.config.update(settings_from_environment())
    app.config.update(overrides)
    _ensure_secret_key(app)
    _ensure_database(app)
    _check_rulesets(app)

    logs.configure(app)
    _warn_about_local_rate_limits(app)
    _warn_about_untrusted_hosts(app)
    _bind_extensions(app)
    transactions.init_app(app)
    jobs.init_app(app)
    proxy.init_app(app)
    session_cookie.init_app(app)
    security.init_app(app)
    embed.init_app(app)
    i18n.init_app(app)
    field_markup.init_app(app)
    converters.init_app(app)
    errors.init_app(app)
    _register_blueprints(app)
    _register_commands(app)
    return app


def _warn_about_local_rate_limits(app: Flask) -> None:
    """In production, limits kept in memory are counted per worker: with four workers a
    login limit of five lets twenty attempts through. Say so at start-up."""
    storage = str(app.config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if app.config["ENV_NAME"] == "production" and storage.startswith("memory://"):
        logging.getLogger("veiviser.limits").warning(
            "RATELIMIT_STORAGE_URI is memory://: each worker counts the rate limits alone; "
            "set it to redis://… shared by every worker (see README.md, Production)"
        )


def _warn_about_untrusted_hosts(app: Flask) -> None:
    """Links in mails and redirects are built from the Host header unless the trusted hosts or
    a server name are set; in production a request could name another host. Say so."""
    if app.config["ENV_NAME"] == "production" and not (
        app.config.get("TRUSTED_HOSTS") or app.config.get("SERVER_NAME")
    ):
        logging.getLogger("veiviser.hosts").warning(
            "VEIVISER_TRUSTED_HOSTS is not set: links in mails follow the Host header of the "
            "request; set it to the host names Veiviser answers to (see README.md, Production)"
        )


def _ensure_secret_key(app: Flask) -> None:
    if app.config.get("SECRET_KEY"):
        return
    if app.config["ENV_NAME"] == "production":
        raise RuntimeError("SECRET_KEY must be set in production (see README.md).")
    app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)


def _check_rulesets(app: Flask) -> None:
    """Load every rule set now: an unknown VEIVISER_RULESET or a broken file stops the app here
    with a message naming it, instead of a server error on every page."""
    from forms.rulesets import RuleSetError, available_rulesets, load_ruleset

    try:
        load_ruleset(app.config["VEIVISER_RULESET"])
        known = available_rulesets()
        for ruleset_id in known:
            successor = load_ruleset(ruleset_id).superseded_by
            if successor is not None and successor not in known:
                raise RuleSetError(f"{ruleset_id}: superseded_by names unknown {successor!r}")
    except RuleSetError as error:
        raise RuntimeError(f"VEIVISER_RULESET: {error}") from None


def _ensure_database(app: Flask) -> None:
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = sqlite_url(app.instance_path)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # SQLite keeps one writer at a time: wait for the lock instead of failing at once.
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options.setdefault("connect_args", {"timeout": 15})
        # A file in the process never drops a connection the way a server does: a ping
        # before every checkout would be a query on every request for nothing.
        options["pool_pre_ping"] = False
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection: Any, connection_record: Any) -> None:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def _bind_extensions(app: Flask) -> None:
    from translations import DIRECTORY as TRANSLATIONS_DIRECTORY

    from . import auth, models  # noqa: F401  (models before migrations; auth's user loader)
    from .reporting import models as reporting_models  # noqa: F401

    db.init_app(app)
    # Batch mode lets later migrations alter tables on SQLite too.
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        default_translation_directories=str(TRANSLATIONS_DIRECTORY),
    )
    # Every gettext through a domain that remembers the request's catalogue (forms/translation.py).
    babel.domain_instance = translation.DOMAIN
    csrf.init_app(app)
    limiter.init_app(app)
    # Only advisor pages know about logins (see advisor/__init__.py): loading the user on every
    # applicant page would run session protection there and churn cookies for nothing.
    login_manager.init_app(app, add_context_processor=False)


def _register_blueprints(app: Flask) -> None:
    from .advisor import bp as advisor_bp
    from .api import bp as api_bp
    from .apply import bp as apply_bp
    from .main import bp as main_bp
    from .reporting import bp as reporting_bp
    from .services import documents

    app.register_blueprint(main_bp)
    app.register_blueprint(apply_bp)
    app.register_blueprint(advisor_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(reporting_bp)
    documents.init_app(app)  # document templates, as "letters/<name>"


def _register_commands(app: Flask) -> None:
    from .advisor.call_commands import calls_cli
    from .advisor.commands import advisors_cli
    from .api.commands import rules_cli
    from .apply.commands import drafts_cli
    from .reporting.commands import reports_cli

    for group in (advisors_cli, calls_cli, rules_cli, drafts_cli, reports_cli):
        app.cli.add_command(group)
