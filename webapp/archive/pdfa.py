"""Convert a DOCX to PDF/A-2b with LibreOffice headless.

Each conversion gets a profile of its own (two soffice processes sharing one profile block each
other), a time limit after which the whole process group is killed, and one of `os.cpu_count()`
slots: file locks, so the limit holds across every worker process on the host.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

# PDF/A-2b (SelectPdfVersion 2), tagged for screen readers; LibreOffice's JSON filter options.
PDFA_FILTER = (
    'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
    '"UseTaggedPDF":{"type":"boolean","value":"true"}}'
)


class ConversionError(Exception):
    """LibreOffice is missing, failed or took too long; the message says which."""


def conversion_slots() -> int:
    return os.cpu_count() or 1


def default_lock_dir() -> Path:
    return Path(tempfile.gettempdir()) / "veiviser-soffice-slots"


@contextlib.contextmanager
def conversion_slot(lock_dir: Path, wait_seconds: float) -> Iterator[int]:
    """Hold one of the host's conversion slots; ConversionError if none frees up in time."""
    lock_dir.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    while True:
        for slot in range(conversion_slots()):
            handle = (lock_dir / f"slot-{slot}.lock").open("a")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            try:
                yield slot
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()
            return
        if time.monotonic() > deadline:
            raise ConversionError(f"all {conversion_slots()} conversion slots stayed busy")
        time.sleep(0.2)


def convert_docx_to_pdfa(
    docx: bytes,
    *,
    soffice: str = "soffice",
    timeout: float = 180,
    lock_dir: Path | None = None,
) -> bytes:
    """The PDF/A-2b bytes of `docx`. Raises ConversionError."""
    (pdf,) = convert_many([docx], soffice=soffice, timeout=timeout, lock_dir=lock_dir)
    return pdf


def convert_many(
    sources: Sequence[bytes],
    *,
    soffice: str = "soffice",
    timeout: float = 180,
    lock_dir: Path | None = None,
) -> list[bytes]:
    """Several DOCX in one LibreOffice run (one profile, one slot); PDFs in the same order."""
    executable = shutil.which(soffice)
    if executable is None:
        raise ConversionError(f"LibreOffice ({soffice}) is not installed on this host")
    with (
        conversion_slot(lock_dir or default_lock_dir(), wait_seconds=timeout),
        tempfile.TemporaryDirectory(prefix="veiviser-pdfa-") as work,
    ):
        folder = Path(work)
        paths = []
        for number, docx in enumerate(sources):
            path = folder / f"document-{number}.docx"
            path.write_bytes(docx)
            paths.append(path)
        command = [
            executable,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            PDFA_FILTER,
            "--outdir",
            str(folder / "out"),
            *map(str, paths),
        ]
        _run(command, timeout, cwd=folder)
        pdfs = []
        for path in paths:
            target = folder / "out" / (path.stem + ".pdf")
            if not target.exists():
                raise ConversionError("LibreOffice wrote no PDF")
            pdfs.append(target.read_bytes())
        return pdfs


def _run(command: list[str], timeout: float, cwd: Path) -> None:
    # A session of its own, so a timeout kills soffice and every helper it started.
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "HOME": str(cwd)},
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ConversionError(f"LibreOffice took longer than {timeout:g} s") from None
    if process.returncode != 0:
        message = stderr.decode("utf-8", "replace").strip()[-500:]
        raise ConversionError(f"LibreOffice failed (exit {process.returncode}): {message}")
