"""Read a PDF back with pikepdf: what an archive checks before it accepts a PDF/A."""

from __future__ import annotations

import html
import io
from dataclasses import dataclass

import pikepdf


@dataclass(frozen=True)
class PdfFacts:
    pdfa_part: str | None
    pdfa_conformance: str | None
    title: str | None  # the document information dictionary's /Title
    xmp_title: str | None  # dc:title in the XMP metadata
    language: str | None
    fonts: dict[str, bool]  # base font name → embedded
    pages: int


def _font_embedded(font: pikepdf.Dictionary) -> bool:
    if font.get("/Subtype") == "/Type0":
        font = font.DescendantFonts[0]
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:  # Type 3 fonts draw their glyphs in the PDF itself
        return font.get("/Subtype") == "/Type3"
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def pdf_facts(data: bytes) -> PdfFacts:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        metadata = pdf.open_metadata()
        fonts: dict[str, bool] = {}
        for page in pdf.pages:
            resources = page.obj.get("/Resources", {})
            for font in resources.get("/Font", {}).values():
                fonts[str(font.get("/BaseFont", "?"))] = _font_embedded(font)
        language = pdf.Root.get("/Lang")
        return PdfFacts(
            pdfa_part=metadata.get("pdfaid:part"),
            pdfa_conformance=metadata.get("pdfaid:conformance"),
            title=str(pdf.docinfo["/Title"]) if "/Title" in pdf.docinfo else None,
            # LibreOffice 7.4 escapes markup in dc:title once too often (&apos;): undo that.
            xmp_title=html.unescape(metadata.get("dc:title") or "") or None,
            language=str(language) if language is not None else None,
            fonts=fonts,
            pages=len(pdf.pages),
        )
