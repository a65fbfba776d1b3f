"""The text of every document in every language, compared with a reviewed snapshot.

When a template or a translation changes on purpose, regenerate and review the diff:

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/documents/test_templates_snapshots.py
    git diff tests/documents/snapshots/

The nb and nn snapshots hold whatever the catalogues translate; they change when
translations land.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.documents.applications import ASSESSMENT, snapshot_text, store_application
from tests.documents.helpers import open_docx
from webapp.services import documents

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"


def check_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / f"{name}.txt"
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no snapshot {path.name}; run with UPDATE_SNAPSHOTS=1 to create it"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, (
        f"{path.name} differs; if the change is intended, run with UPDATE_SNAPSHOTS=1 "
        "and review `git diff tests/documents/snapshots/`"
    )


@pytest.fixture
def ctx(app, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("the snapshots do not depend on the database; checked on SQLite")
    with app.app_context():
        yield


@pytest.mark.usefixtures("ctx")
@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
@pytest.mark.parametrize("scheme", ["cofinancing", "council"])
def test_application_snapshot(lang, scheme):
    application = store_application(locale=lang)
    document = open_docx(documents.application_document(application, scheme).content)
    check_snapshot(f"application_{scheme}.{lang}", snapshot_text(document))


@pytest.mark.usefixtures("ctx")
@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_advice_letter_snapshot(lang):
    application = store_application(assessment={**ASSESSMENT, "letter_language": lang})
    document = open_docx(documents.advice_letter(application).content)
    check_snapshot(f"advice_letter.{lang}", snapshot_text(document))


@pytest.mark.usefixtures("ctx")
def test_advice_letter_with_nothing_filled_in_snapshot():
    application = store_application(locale="en")
    document = open_docx(documents.advice_letter(application).content)
    check_snapshot("advice_letter_defaults.en", snapshot_text(document))
