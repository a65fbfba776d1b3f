"""Embedding does not depend on the database backend: these tests run on SQLite only."""

from __future__ import annotations

import pytest


@pytest.fixture
def database_url(tmp_path) -> str:
    return "sqlite:///" + str(tmp_path / "test.sqlite3")
