"""LibreOffice converts every generated document to PDF: a second reader besides python-docx."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.documents.applications import ASSESSMENT, store_application
from tests.documents.test_templates_hostile import HOSTILE_ANSWERS, HOSTILE_ASSESSMENT
from webapp.services import documents

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (Debian package libreoffice-writer-nogui) is not installed",
)


@pytest.fixture
def ctx(app, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("the conversion does not depend on the database; checked on SQLite")
    with app.app_context():
        yield


@pytest.mark.usefixtures("ctx")
@pytest.mark.parametrize("case", ["ordinary", "hostile"])
def test_libreoffice_converts_every_document_to_pdf(tmp_path, case):
    if case == "ordinary":
        application = store_application(assessment=ASSESSMENT)
    else:
        application = store_application(HOSTILE_ANSWERS, assessment=HOSTILE_ASSESSMENT)
    files = [*documents.application_documents(application), documents.advice_letter(application)]
    sources = []
    for document in files:
        source = tmp_path / document.filename
        source.write_bytes(document.content)
        sources.append(source)
    profile = tmp_path / "profile"  # a fresh profile: works as root and in parallel runs
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *map(str, sources),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for source in sources:
        pdf = source.with_suffix(".pdf")
        assert pdf.exists(), f"no PDF for {source.name}; stderr: {result.stderr!r}"
        content = pdf.read_bytes()
        assert content.startswith(b"%PDF-")
        assert b"/Type /Page" in content or b"/Type/Page" in content
