"""LibreOffice, as a stand-in for every other consumer, opens what we write."""

import shutil
import subprocess

import pytest

from tests.documents.samples import render_sample_letter

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (Debian package libreoffice-writer-nogui) is not installed",
)


def test_libreoffice_converts_a_generated_document_to_pdf(tmp_path):
    source = tmp_path / "letter.docx"
    source.write_bytes(render_sample_letter())
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
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / "letter.pdf"
    assert result.returncode == 0, result.stderr
    assert pdf.exists(), f"no PDF written; stdout: {result.stdout!r} stderr: {result.stderr!r}"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert b"/Type /Page" in pdf.read_bytes() or b"/Type/Page" in pdf.read_bytes()
