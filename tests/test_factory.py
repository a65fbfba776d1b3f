"""The application factory and configuration."""

from __future__ import annotations

import pytest

from webapp import create_app
from webapp.config import normalise_database_url, settings_from_environment


def test_production_refuses_to_start_without_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///" + str(tmp_path / "db.sqlite3"))
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")


def test_production_reads_secret_key_and_database_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgres://user@db.example/veiviser")
    app = create_app("production")
    assert app.config["SECRET_KEY"] == "s" * 40
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://user@db.example/veiviser"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["VEIVISER_HSTS"] is True


def test_development_keeps_a_generated_key_in_instance(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///" + str(tmp_path / "db.sqlite3"))
    first = create_app({"ENV_NAME": "development", "SECRET_KEY": None})
    key_file = __import__("pathlib").Path(first.instance_path) / "secret_key"
    assert key_file.exists()
    second = create_app({"ENV_NAME": "development", "SECRET_KEY": None})
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) >= 32


def test_default_database_is_sqlite_in_instance(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"ENV_NAME": "test", "SQLALCHEMY_DATABASE_URI": None})
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/veiviser.sqlite3")


def test_unknown_environment_name_is_refused():
    with pytest.raises(RuntimeError, match="Unknown VEIVISER_ENV"):
        create_app("staging")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_urls_use_psycopg3(given, expected):
    assert normalise_database_url(given) == expected


def test_environment_settings_are_converted():
    settings = settings_from_environment(
        {
            "VEIVISER_FRAME_ANCESTORS": "https://intranett.example.no, https://a.example",
            "VEIVISER_SECURE_COOKIES": "false",
            "VEIVISER_MAX_CONTENT_LENGTH": "1000",
        }
    )
    assert settings == {
        "VEIVISER_FRAME_ANCESTORS": ["https://intranett.example.no", "https://a.example"],
        "SESSION_COOKIE_SECURE": False,
        "MAX_CONTENT_LENGTH": 1000,
    }


def test_session_cookie_defaults(app):
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["MAX_CONTENT_LENGTH"] > 0


def test_sqlite_runs_in_wal_mode(app):
    from sqlalchemy import text

    from webapp.extensions import db

    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite only")
    with app.app_context():
        mode = db.session.execute(text("PRAGMA journal_mode")).scalar()
        timeout = db.session.execute(text("PRAGMA busy_timeout")).scalar()
    assert mode == "wal"
    assert timeout >= 5000


def test_production_warns_when_rate_limits_are_counted_per_worker(monkeypatch, caplog):
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql://user@db.example/veiviser")
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    create_app("production")
    assert "each worker counts the rate limits alone" in caplog.text
    caplog.clear()
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    create_app("production")
    assert "counts the rate limits alone" not in caplog.text


def test_production_warns_without_trusted_hosts_and_they_refuse_other_hosts(monkeypatch, caplog):
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql://user@db.example/veiviser")
    monkeypatch.delenv("VEIVISER_TRUSTED_HOSTS", raising=False)
    create_app("production")
    assert "VEIVISER_TRUSTED_HOSTS is not set" in caplog.text
    caplog.clear()
    monkeypatch.setenv("VEIVISER_TRUSTED_HOSTS", "veiviser.digdir.example")
    app = create_app("production")
    assert "VEIVISER_TRUSTED_HOSTS is not set" not in caplog.text
    assert app.config["TRUSTED_HOSTS"] == ["veiviser.digdir.example"]
    client = app.test_client()
    # /healthz needs no database; a Host the app does not answer to gets a 400.
    assert client.get("/healthz", headers={"Host": "evil.example"}).status_code == 400
    good = client.get("/healthz", headers={"Host": "veiviser.digdir.example"})
    assert good.status_code == 200


def test_pings_before_checkout_only_where_a_server_can_drop_the_connection(app):
    """PostgreSQL restarts drop pooled connections, so each checkout is pinged first; an
    SQLite file cannot drop one, and a ping would be a query on every request."""
    sqlite = app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is not sqlite


def _key_in(folder: str) -> str:
    from webapp.config import instance_secret_key

    return instance_secret_key(folder)


def test_processes_starting_together_share_one_whole_development_key(tmp_path):
    """Workers (or parallel tests) creating the key at once all get the first one written."""
    import os
    from concurrent.futures import ProcessPoolExecutor

    for attempt in range(5):
        folder = str(tmp_path / f"instance-{attempt}")
        with ProcessPoolExecutor(max_workers=6) as pool:
            keys = list(pool.map(_key_in, [folder] * 12))
        assert len(set(keys)) == 1 and len(keys[0]) == 64
        key_file = tmp_path / f"instance-{attempt}" / "secret_key"
        assert oct(os.stat(key_file).st_mode & 0o777) == "0o600"
        assert sorted(p.name for p in key_file.parent.iterdir()) == ["secret_key"]
