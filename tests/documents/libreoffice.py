"""LibreOffice as a second reader of what we write: convert DOCX files to PDF and check them."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice is not installed (Debian: apt-get install libreoffice-writer-nogui)",
)


def convert_to_pdf(sources: Sequence[Path], outdir: Path, timeout: int = 300) -> list[Path]:
    """Convert with a fresh profile (works as root and in parallel runs); return the PDFs."""
    profile = outdir / "profile"
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, sources),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    pdfs = [outdir / (source.stem + ".pdf") for source in sources]
    for pdf in pdfs:
        assert pdf.exists(), f"no PDF written; stdout: {result.stdout!r} stderr: {result.stderr!r}"
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF-")
        assert b"/Type /Page" in data or b"/Type/Page" in data
    return pdfs


def recalculate_spreadsheet(source: Path, outdir: Path, timeout: int = 300) -> Path:
    """Open ``source`` in LibreOffice Calc, let it compute every formula, and save the result as
    a new XLSX (with the computed values cached), which is returned."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / "profile"
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    target = outdir / (source.stem + ".xlsx")
    assert target.exists(), f"nothing written; stdout: {result.stdout!r} stderr: {result.stderr!r}"
    return target
