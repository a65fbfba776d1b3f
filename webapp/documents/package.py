"""Open the reference document quickly, and save a python-docx document so that the same
content always gives the same bytes.

Both go below python-docx's public API (its package reader, unmarshaller and writer helpers):
the public way costs about twice as much per document (bench/bench_documents.py measures
both). pyproject.toml pins python-docx to the tested versions, and
tests/documents/test_python_docx_internals.py fails, naming the part, when one of them changes.
"""

from __future__ import annotations

import io
import zipfile
from functools import lru_cache
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.package import Unmarshaller
from docx.opc.packuri import PackURI
from docx.opc.part import PartFactory
from docx.opc.pkgreader import PackageReader
from docx.opc.pkgwriter import PackageWriter
from docx.package import Package

# The earliest time a zip entry can hold; python-docx and openpyxl would stamp the current time.
_FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)
COMPRESS_LEVEL = 6


def open_reference(path: Path) -> DocxDocument:
    """A fresh document built from the package at ``path``, as ``docx.Document(path)`` gives.

    Reading the zip and its relationships was most of the cost of a whole letter; the parts
    as read are kept in memory (per path and modification time), and each call only parses
    their XML into new objects, so documents never share state.
    """
    stat = path.stat()
    reader = _serialized_package(str(path), stat.st_mtime_ns, stat.st_size)
    package = Package()
    Unmarshaller.unmarshal(reader, package, PartFactory)
    document_part = package.main_document_part
    if document_part.content_type != CT.WML_DOCUMENT_MAIN:
        raise ValueError(f"{path} is not a Word document ({document_part.content_type})")
    return document_part.document


@lru_cache(maxsize=8)
def _serialized_package(path: str, mtime_ns: int, size: int) -> PackageReader:
    # The reader holds only blobs and relationship data; unmarshalling never changes it.
    return PackageReader.from_file(path)


def save_docx(document: DocxDocument) -> bytes:
    """Return the document's package as bytes with fixed zip metadata.

    This is python-docx's own ``OpcPackage.save`` with one change: members are written
    with a fixed timestamp, file attributes and compression level instead of the clock's
    and the platform's. Members come in python-docx's order, which follows the parts'
    relationships and is itself deterministic. (The bytes also depend on zlib producing
    the same deflate stream, which a given zlib build does.)
    """
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    buffer = io.BytesIO()
    writer = _FixedMetadataZipWriter(buffer)
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, parts)
    writer.close()
    return buffer.getvalue()


class _FixedMetadataZipWriter:
    """The physical writer interface python-docx's PackageWriter writes through."""

    def __init__(self, file: io.BytesIO) -> None:
        self._zip = zipfile.ZipFile(file, "w")

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        self._zip.writestr(fixed_member(pack_uri.membername), blob, compresslevel=COMPRESS_LEVEL)

    def close(self) -> None:
        self._zip.close()


def fixed_member(name: str) -> zipfile.ZipInfo:
    """A zip member's header with a fixed time, attributes and compression."""
    info = zipfile.ZipInfo(name, date_time=_FIXED_DATE_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, whatever platform wrote it
    info.external_attr = 0o644 << 16
    return info
