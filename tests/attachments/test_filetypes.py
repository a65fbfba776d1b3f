"""The type of a file is read from its content; zip bombs and lying archives are refused."""

from __future__ import annotations

import io

import pytest

from tests.attachments import samples
from webapp import filetypes
from webapp.filetypes import FileRefused, identify, safe_filename

MB = 1024 * 1024
CEILING = 8 * MB


def kind_of(content: bytes, ceiling: int = CEILING) -> str:
    return identify(io.BytesIO(content), ceiling).code


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (samples.PDF, "pdf"),
        (samples.DOCX, "docx"),
        (samples.ODT, "odt"),
        (samples.XLSX, "xlsx"),
    ],
)
def test_real_documents_are_recognised_by_their_content(content, code):
    assert kind_of(content) == code


def test_the_stream_is_left_at_the_start():
    stream = io.BytesIO(samples.DOCX)
    identify(stream, CEILING)
    assert stream.tell() == 0


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (samples.ELF, FileRefused.UNKNOWN_TYPE),
        (samples.WINDOWS_EXE, FileRefused.UNKNOWN_TYPE),
        # A self-extracting archive: a program with a zip after it is still a program.
        (samples.WINDOWS_EXE + samples.DOCX, FileRefused.UNKNOWN_TYPE),
        (b"", FileRefused.EMPTY),
        (b"Plain text that claims to be a PDF", FileRefused.UNKNOWN_TYPE),
        (b"{\\rtf1\\ansi Hello}", FileRefused.UNKNOWN_TYPE),
        # The legacy Word format (an OLE compound file) is not one of the four.
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), FileRefused.UNKNOWN_TYPE),
        # A PDF cut off in transfer has no end-of-file marker.
        (samples.PDF[: len(samples.PDF) // 2], FileRefused.DAMAGED),
        # A zip that is none of the formats, and one that is broken.
        (samples.zip_bytes({"readme.txt": "hello"}), FileRefused.UNKNOWN_TYPE),
        (samples.DOCX[:4000], FileRefused.DAMAGED),
    ],
)
def test_other_content_is_refused_with_a_reason(content, reason):
    with pytest.raises(FileRefused) as refused:
        identify(io.BytesIO(content), CEILING)
    assert refused.value.reason == reason


def test_macro_enabled_word_documents_are_refused():
    parts = samples.docx_parts()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    with pytest.raises(FileRefused) as refused:
        identify(io.BytesIO(samples.zip_bytes(parts)), CEILING)
    assert refused.value.reason == FileRefused.UNKNOWN_TYPE


def test_a_docx_renamed_is_still_a_docx_and_a_pdf_named_docx_is_a_pdf():
    # The name plays no part: identify() never sees it, and safe_filename follows the content.
    assert kind_of(samples.PDF) == "pdf"
    assert safe_filename("report.docx", filetypes.PDF, "x") == "report.pdf"


def test_a_zip_bomb_is_refused_before_and_while_unpacking():
    bomb = samples.docx_bomb(16 * MB)
    assert len(bomb) < 100 * 1024  # tiny on the wire
    with pytest.raises(FileRefused) as refused:
        identify(io.BytesIO(bomb), CEILING)
    assert refused.value.reason == FileRefused.UNPACKS_TOO_LARGE
    # Under a higher ceiling the same file is an ordinary DOCX.
    assert kind_of(bomb, ceiling=32 * MB) == "docx"


def test_a_bomb_that_declares_a_small_size_is_caught_when_unpacked():
    bomb = samples.lying_sizes(samples.docx_bomb(16 * MB), "word/media/padding.bin", 1000)
    with pytest.raises(FileRefused) as refused:
        identify(io.BytesIO(bomb), CEILING)
    # Inflating stops at the declared size and the checksum no longer matches.
    assert refused.value.reason == FileRefused.DAMAGED


def test_the_ceiling_counts_every_member_together():
    parts = {name: content for name, content in samples.docx_parts().items()}
    for number in range(4):
        parts[f"word/media/part{number}.bin"] = bytes(3 * MB)
    archive = samples.zip_bytes(parts)
    with pytest.raises(FileRefused):
        identify(io.BytesIO(archive), CEILING)
    assert kind_of(archive, ceiling=16 * MB) == "docx"


def test_too_many_members_is_refused(monkeypatch):
    monkeypatch.setattr(filetypes, "MAX_MEMBERS", 20)
    parts = {**samples.docx_parts(), **{f"word/media/{n}.bin": b"x" for n in range(20)}}
    with pytest.raises(FileRefused) as refused:
        identify(io.BytesIO(samples.zip_bytes(parts)), CEILING)
    assert refused.value.reason == FileRefused.UNPACKS_TOO_LARGE


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Prosjektbegrunnelse.pdf", "Prosjektbegrunnelse.pdf"),
        ("C:\\fakepath\\Styringsdokument v2.PDF", "Styringsdokument v2.pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        # Right-to-left override: "Gevinst\u202efdp.exe" shows as "Gevinstexe.pdf".
        ("Gevinst\u202efdp.exe", "Gevinst fdp.exe.pdf"),
        ('a"b<c>d|e\x00f\nname.pdf', "a b c d e f name.pdf"),
        ("   .pdf", "vedlegg.pdf"),
        ("", "vedlegg.pdf"),
        ("Søknad – «endelig».pdf", "Søknad – «endelig».pdf"),
    ],
)
def test_safe_filenames(raw, expected):
    assert safe_filename(raw, filetypes.PDF, "vedlegg") == expected


def test_safe_filenames_are_bounded_and_take_the_content_extension():
    name = safe_filename("x" * 400 + ".exe", filetypes.DOCX, "vedlegg")
    assert len(name) == filetypes.MAX_NAME_LENGTH and name.endswith(".exe.docx"[-5:])
    assert safe_filename("budget.xls", filetypes.XLSX, "v") == "budget.xlsx"
