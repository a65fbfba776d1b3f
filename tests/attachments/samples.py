"""Real files to attach, and hostile ones.

The PDF and ODT in samples/ were made by LibreOffice from the DOCX (which python-docx wrote);
the XLSX is built here as the smallest package Excel and LibreOffice open. Hostile files are
built here too: a renamed executable, a zip bomb, archives whose headers lie.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

SAMPLES = Path(__file__).parent / "samples"
PDF = (SAMPLES / "business-case.pdf").read_bytes()
DOCX = (SAMPLES / "business-case.docx").read_bytes()
ODT = (SAMPLES / "business-case.odt").read_bytes()

# The first bytes of a Linux and a Windows executable, padded: what a renamed program looks like.
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(4096)
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(4096)

_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Budsjett" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
    "xl/worksheets/sheet1.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1"><v>2027</v></c><c r="B1"><v>1000000</v></c></row>'
        "</sheetData></worksheet>"
    ),
}


def zip_bytes(parts: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


XLSX = zip_bytes(_XLSX_PARTS)


def docx_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(DOCX)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def docx_bomb(unpacked: int) -> bytes:
    """A DOCX with an extra member of `unpacked` zero bytes: a few kilobytes on the wire."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in docx_parts().items():
            archive.writestr(name, content)
        with archive.open("word/media/padding.bin", "w", force_zip64=True) as member:
            block = bytes(1024 * 1024)
            for _ in range(unpacked // len(block)):
                member.write(block)
    return buffer.getvalue()


def lying_sizes(archive_bytes: bytes, member: str, declared: int) -> bytes:
    """The archive with `member`'s uncompressed size in the central directory set to `declared`
    (a bomb that claims to be small)."""
    data = bytearray(archive_bytes)
    name = member.encode()
    start = data.rfind(b"PK\x01\x02")
    while start != -1:
        name_length = int.from_bytes(data[start + 28 : start + 30], "little")
        if data[start + 46 : start + 46 + name_length] == name:
            data[start + 24 : start + 28] = declared.to_bytes(4, "little")
            return bytes(data)
        start = data.rfind(b"PK\x01\x02", 0, start)
    raise LookupError(member)


def write_journey_files(folder: Path, docx_name: str) -> dict[str, Path]:
    """The four files the attachment journeys choose: a PDF and a DOCX that are accepted, a PDF
    over the 20 MB limit, and a program renamed to .pdf."""
    files = {
        "pdf": folder / "Prosjektbegrunnelse.pdf",
        "docx": folder / docx_name,
        "large": folder / "Gevinstplan stor.pdf",
        "program": folder / "Gevinstplan.pdf",
    }
    files["pdf"].write_bytes(PDF)
    files["docx"].write_bytes(DOCX)
    files["large"].write_bytes(PDF[:-6] + bytes(21 * 1024 * 1024) + PDF[-6:])
    files["program"].write_bytes(ELF)
    return files
