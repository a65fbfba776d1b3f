"""/healthz says the process lives; /readyz says the database and the job queue answer."""

from __future__ import annotations

import pytest

from webapp import create_app


def test_ready_when_the_database_and_the_queue_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "queue": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "settings, down",
    [
        # Nothing listens on port 1 of loopback: the connection is refused at once.
        ({"SQLALCHEMY_DATABASE_URI": "postgresql://postgres@127.0.0.1:1/none"}, "database"),
        ({"VEIVISER_JOBS_URL": "redis://127.0.0.1:1/0"}, "queue"),
    ],
    ids=["database down", "queue down"],
)
def test_not_ready_says_which_part_is_missing_while_healthz_still_answers(tmp_path, settings, down):
    app = create_app(
        {
            "ENV_NAME": "test",
            "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp_path / "db.sqlite3"),
            **settings,
        }
    )
    client = app.test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable" and body[down] == "unavailable"
    assert all(value == "ok" for name, value in body.items() if name not in ("status", down))
    assert client.get("/healthz").status_code == 200
