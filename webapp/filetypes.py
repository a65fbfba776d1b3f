"""What an uploaded file really is, read from its bytes and never from its name.

Four kinds are accepted: PDF, and the zip-based DOCX, XLSX and ODT. A zip archive is opened
and its members inflated (and counted) up to a ceiling, so an archive that would unpack into
gigabytes (a zip bomb) is refused before anyone opens it; inflating every member also checks
each member's CRC, so a header that lies about sizes is caught too. No XML is parsed: the
members that tell the format are matched as bytes.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from typing import BinaryIO

READ_SIZE = 64 * 1024
MAX_MEMBERS = 10_000
PDF_TRAILER_WINDOW = 2048  # "%%EOF" must be this near the end (readers look in the last 1024)


@dataclass(frozen=True)
class FileType:
    code: str
    extension: str
    mimetype: str
    label: str  # the format's own name, the same in every language


PDF = FileType("pdf", ".pdf", "application/pdf", "PDF")
DOCX = FileType(
    "docx",
    ".docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "DOCX",
)
XLSX = FileType(
    "xlsx",
    ".xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "XLSX",
)
ODT = FileType("odt", ".odt", "application/vnd.oasis.opendocument.text", "ODT")
ACCEPTED: tuple[FileType, ...] = (PDF, DOCX, ODT, XLSX)
BY_CODE = {file_type.code: file_type for file_type in ACCEPTED}

# The main part's content type names the OOXML format (macro-enabled and template variants
# have other names, so they are refused); its part must exist in the archive too.
_OOXML_MAIN_PARTS = (
    (DOCX, "word/document.xml", b"application/vnd.openxmlformats-officedocument"
     b".wordprocessingml.document.main+xml"),
    (XLSX, "xl/workbook.xml", b"application/vnd.openxmlformats-officedocument"
     b".spreadsheetml.sheet.main+xml"),
)  # fmt: skip
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_SMALL_MEMBER = 1024 * 1024  # [Content_Types].xml and mimetype are tiny in real files


class FileRefused(Exception):
    """The file is not one we accept; `reason` is one of the constants below."""

    EMPTY = "empty"
    UNKNOWN_TYPE = "unknown_type"
    DAMAGED = "damaged"
    UNPACKS_TOO_LARGE = "unpacks_too_large"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def identify(file: BinaryIO, max_unpacked: int) -> FileType:
    """The file's type, or FileRefused. `file` must be seekable; it is left at position 0."""
    try:
        file.seek(0)
        head = file.read(8)
        if not head:
            raise FileRefused(FileRefused.EMPTY)
        if head.startswith(b"%PDF-"):
            _check_pdf_trailer(file)
            return PDF
        if head.startswith(b"PK\x03\x04"):
            return _identify_archive(file, max_unpacked)
        raise FileRefused(FileRefused.UNKNOWN_TYPE)
    finally:
        file.seek(0)


def _check_pdf_trailer(file: BinaryIO) -> None:
    size = file.seek(0, 2)
    file.seek(max(0, size - PDF_TRAILER_WINDOW))
    if b"%%EOF" not in file.read(PDF_TRAILER_WINDOW):
        raise FileRefused(FileRefused.DAMAGED)  # cut off in transfer, or not a PDF after all


def _identify_archive(file: BinaryIO, max_unpacked: int) -> FileType:
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise FileRefused(FileRefused.UNPACKS_TOO_LARGE)
            if sum(member.file_size for member in members) > max_unpacked:
                raise FileRefused(FileRefused.UNPACKS_TOO_LARGE)
            file_type = _office_type(archive)
            _inflate_all(archive, members, max_unpacked)
            return file_type
    except FileRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError):
        raise FileRefused(FileRefused.DAMAGED) from None
    except (RuntimeError, NotImplementedError, ValueError):
        # Encrypted members, or a compression method the standard library cannot read.
        raise FileRefused(FileRefused.DAMAGED) from None


def _office_type(archive: zipfile.ZipFile) -> FileType:
    names = set(archive.namelist())
    if "mimetype" in names and _read_small(archive, "mimetype").strip() == _ODT_MIMETYPE:
        return ODT
    if "[Content_Types].xml" in names:
        content_types = _read_small(archive, "[Content_Types].xml")
        for file_type, part, content_type in _OOXML_MAIN_PARTS:
            if part in names and content_type in content_types:
                return file_type
    raise FileRefused(FileRefused.UNKNOWN_TYPE)


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > _SMALL_MEMBER:
        raise FileRefused(FileRefused.UNKNOWN_TYPE)
    with archive.open(info) as member:
        return member.read(_SMALL_MEMBER)


def _inflate_all(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], max_unpacked: int
) -> None:
    """Unpack every member into nothing, counting bytes: the real size, not the declared one."""
    unpacked = 0
    for info in members:
        with archive.open(info) as member:
            while chunk := member.read(READ_SIZE):
                unpacked += len(chunk)
                if unpacked > max_unpacked:
                    raise FileRefused(FileRefused.UNPACKS_TOO_LARGE)


# --- names ---------------------------------------------------------------------------------

MAX_NAME_LENGTH = 150
_DOCUMENT_SUFFIX = re.compile(r"\.(?:pdf|docx?|xlsx?|odt|ods|rtf|txt)$", re.IGNORECASE)


def safe_filename(raw: str, file_type: FileType, fallback: str) -> str:
    """A name to show and to offer for download: no path, no control or direction-changing
    characters (which can make "fdp.exe" look like "exe.pdf"), and the extension of the type the
    content has, whatever the name claimed."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[/\\]", name)[-1]  # some browsers send C:\fakepath\file.pdf
    name = "".join(
        " " if unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} else ch for ch in name
    )
    name = re.sub(r'[:*?"<>|]+', " ", name)
    name = re.sub(r"\s+", " ", name).strip()
    stem = _DOCUMENT_SUFFIX.sub("", name).strip(" .")
    stem = stem[: MAX_NAME_LENGTH - len(file_type.extension)].strip(" .") or fallback
    return stem + file_type.extension
