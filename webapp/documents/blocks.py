"""The document vocabulary: what a template may say, independent of HTML and DOCX."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

Language = Literal["nb", "nn", "en"]

LANGUAGES: tuple[Language, ...] = ("nb", "nn", "en")

# Paragraph roles beyond body text; each has a Word style in the reference document.
PARAGRAPH_STYLES = frozenset({"letterhead", "meta", "signature", "term", "definition"})

TABLE_KINDS = frozenset({"data", "refs"})


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text with one formatting; a "\\n" in text is a line break."""

    text: str
    bold: bool = False
    italic: bool = False


Runs = tuple[Run, ...]


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    runs: Runs

    def __post_init__(self) -> None:
        if self.level not in (1, 2, 3):
            raise ValueError(f"heading level must be 1, 2 or 3, not {self.level!r}")


@dataclass(frozen=True, slots=True)
class Paragraph:
    runs: Runs
    style: str | None = None

    def __post_init__(self) -> None:
        if self.style is not None and self.style not in PARAGRAPH_STYLES:
            raise ValueError(f"unknown paragraph style {self.style!r}")


@dataclass(frozen=True, slots=True)
class ListBlock:
    items: tuple[Runs, ...]
    ordered: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of cells, each cell a sequence of runs. ``kind="refs"`` is the borderless
    reference block of a letter (Vår ref. / Deres ref. / Dato)."""

    header: tuple[tuple[Runs, ...], ...]
    body: tuple[tuple[Runs, ...], ...]
    caption: Runs = ()
    kind: str = "data"

    def __post_init__(self) -> None:
        if self.kind not in TABLE_KINDS:
            raise ValueError(f"unknown table kind {self.kind!r}")
        widths = {len(row) for row in (*self.header, *self.body)}
        if len(widths) > 1:
            raise ValueError(f"table rows differ in number of cells: {sorted(widths)}")
        if not widths or 0 in widths:
            raise ValueError("a table needs at least one row with at least one cell")

    @property
    def column_count(self) -> int:
        return len((self.header or self.body)[0])


@dataclass(frozen=True, slots=True)
class Figure:
    """A picture across the text block, such as a chart: ``image`` names its PNG bytes in
    the images the document is built with; ``alt`` is its alternative text (required)."""

    image: str
    alt: str

    def __post_init__(self) -> None:
        if not self.alt.strip():
            raise ValueError("a figure needs its alternative text")


Block = Heading | Paragraph | ListBlock | Table | Figure


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What the caller knows about the document; goes into the DOCX core properties.

    ``created`` must come from the data (e.g. when the application was submitted), never
    from the clock, so that the same input gives the same bytes. Without it the document
    carries no dates at all.
    """

    title: str
    language: Language
    author: str = ""
    subject: str = ""
    keywords: tuple[str, ...] = ()
    created: dt.datetime | None = None

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, not {self.language!r}")
