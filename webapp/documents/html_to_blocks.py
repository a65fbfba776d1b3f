"""Parse the strict HTML that document templates emit into blocks.

The templates are ours, so anything outside the vocabulary is a bug in a template and
fails loudly with :class:`DocumentTemplateError` instead of being dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from webapp.documents.blocks import Block, Heading, ListBlock, Paragraph, Run, Runs, Table


class DocumentTemplateError(ValueError):
    """A document template produced HTML outside the document vocabulary."""


WRAPPERS = frozenset({"article", "section", "header", "footer", "div"})
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3}
_BLOCK_PARENTS = frozenset({"", *WRAPPERS})  # "" is the top level of the fragment
_TEXT_HOLDERS = frozenset({*_HEADINGS, "p", "li", "caption", "th", "td", "dt", "dd"})
_INLINE_PARENTS = frozenset({*_TEXT_HOLDERS, "strong", "em"})

ALLOWED_PARENTS: dict[str, frozenset[str]] = {
    **{tag: _BLOCK_PARENTS for tag in WRAPPERS},
    **{tag: _BLOCK_PARENTS for tag in (*_HEADINGS, "ul", "ol", "table", "dl")},
    "p": _BLOCK_PARENTS | {"dd"},
    "li": frozenset({"ul", "ol"}),
    "caption": frozenset({"table"}),
    "thead": frozenset({"table"}),
    "tbody": frozenset({"table"}),
    "tr": frozenset({"table", "thead", "tbody"}),
    "th": frozenset({"tr"}),
    "td": frozenset({"tr"}),
    "dt": frozenset({"dl"}),
    "dd": frozenset({"dl"}),
    "strong": _INLINE_PARENTS,
    "em": _INLINE_PARENTS,
    "br": _INLINE_PARENTS,
}

# class attribute value → paragraph style / table kind. Nothing else may carry a class.
PARAGRAPH_CLASSES = {
    "doc-letterhead": "letterhead",
    "doc-meta": "meta",
    "doc-signature": "signature",
}
TABLE_CLASSES = {"doc-refs": "refs"}
_CLASSES = {"p": PARAGRAPH_CLASSES, "table": TABLE_CLASSES}
_TH_SCOPES = frozenset({"col", "row"})

_HTML_WHITESPACE = re.compile("[ \t\n\r\f]+")
_LINE_BREAK = object()


@dataclass
class _TextHolder:
    """Collects the inline content of one element that holds text."""

    base_bold: bool = False
    pieces: list[tuple[object, bool, bool]] = field(default_factory=list)

    def take_runs(self) -> Runs:
        runs = _collapse_whitespace(self.pieces)
        self.pieces = []
        return runs


@dataclass
class _TableBuilder:
    kind: str
    caption: Runs = ()
    header: list[tuple[Runs, ...]] = field(default_factory=list)
    body: list[tuple[Runs, ...]] = field(default_factory=list)
    row: list[Runs] | None = None


@dataclass
class _Open:
    tag: str
    style: str | None = None
    text: _TextHolder | None = None
    items: list[Runs] | None = None
    table: _TableBuilder | None = None


def html_to_blocks(html: str) -> tuple[Block, ...]:
    """Parse a rendered document template into blocks (see the module docstring)."""
    parser = _DocumentParser()
    parser.feed(html)
    parser.close()
    return tuple(parser.blocks)


class _DocumentParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._stack: list[_Open] = []
        self._bold = 0
        self._italic = 0

    # -- html.parser callbacks -------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        parent = self._stack[-1].tag if self._stack else ""
        if tag not in ALLOWED_PARENTS:
            raise DocumentTemplateError(f"tag <{tag}> is not allowed in a document template")
        if parent not in ALLOWED_PARENTS[tag]:
            where = f"<{parent}>" if parent else "the top level"
            raise DocumentTemplateError(f"tag <{tag}> is not allowed inside {where}")
        style = self._check_attributes(tag, attrs)
        if tag == "br":
            self._holder().pieces.append((_LINE_BREAK, self._is_bold(), self._italic > 0))
            return
        self._open(tag, style)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "br":
            raise DocumentTemplateError(f"self-closing <{tag}/> is not allowed; close it")
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag not in ALLOWED_PARENTS or tag == "br":
            raise DocumentTemplateError(f"closing tag </{tag}> is not allowed")
        if not self._stack:
            raise DocumentTemplateError(f"</{tag}> closes nothing")
        current = self._stack[-1]
        if current.tag != tag:
            raise DocumentTemplateError(f"</{tag}> found where </{current.tag}> was expected")
        self._stack.pop()
        self._close(current)

    def handle_data(self, data: str) -> None:
        holder = self._holder(required=False)
        if holder is None:
            if _HTML_WHITESPACE.sub("", data):
                where = f"<{self._stack[-1].tag}>" if self._stack else "the top level"
                raise DocumentTemplateError(f"text {data.strip()[:40]!r} directly inside {where}")
            return
        holder.pieces.append((data, self._is_bold(), self._italic > 0))

    def handle_comment(self, data: str) -> None:
        """Comments are allowed and carry nothing."""

    def handle_decl(self, decl: str) -> None:
        raise DocumentTemplateError(f"declaration <!{decl}> is not allowed")

    def unknown_decl(self, data: str) -> None:
        raise DocumentTemplateError(f"declaration <![{data}]> is not allowed")

    def handle_pi(self, data: str) -> None:
        raise DocumentTemplateError(f"processing instruction <?{data}> is not allowed")

    def close(self) -> None:
        super().close()
        if self._stack:
            raise DocumentTemplateError(f"<{self._stack[-1].tag}> is never closed")

    # -- helpers -----------------------------------------------------------------------

    def _check_attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> str | None:
        style = None
        for name, value in attrs:
            if name == "class" and tag in _CLASSES:
                if value not in _CLASSES[tag]:
                    allowed = ", ".join(sorted(_CLASSES[tag]))
                    raise DocumentTemplateError(
                        f'class="{value}" is not allowed on <{tag}> (allowed: {allowed})'
                    )
                style = _CLASSES[tag][value]
            elif name == "scope" and tag == "th" and value in _TH_SCOPES:
                continue
            else:
                raise DocumentTemplateError(f'attribute {name}="{value}" is not allowed on <{tag}>')
        return style

    def _open(self, tag: str, style: str | None) -> None:
        entry = _Open(tag, style)
        if tag in ("strong", "em"):
            if tag == "strong":
                self._bold += 1
            else:
                self._italic += 1
        elif tag in ("ul", "ol"):
            entry.items = []
        elif tag == "table":
            entry.table = _TableBuilder(kind=style or "data")
        elif tag in ("thead", "tbody"):
            table = self._table()
            if tag == "thead" and table.body:
                raise DocumentTemplateError("<thead> must come before the body rows")
        elif tag == "tr":
            self._table().row = []
        elif tag == "caption":
            table = self._table()
            if table.caption or table.header or table.body:
                raise DocumentTemplateError("<caption> must be the first thing in a <table>")
            entry.text = _TextHolder()
        elif tag == "th":
            entry.text = _TextHolder(base_bold=self._table().kind != "refs")
        elif tag == "p" and self._stack and self._stack[-1].tag == "dd":
            # A <dd> with paragraphs: what came before the <p> is a paragraph of its own.
            self._emit_dd_text(self._stack[-1])
            entry.text = _TextHolder()
            entry.style = style or "definition"
        elif tag in _TEXT_HOLDERS:
            entry.text = _TextHolder()
        self._stack.append(entry)

    def _close(self, entry: _Open) -> None:
        tag = entry.tag
        if tag == "strong":
            self._bold -= 1
        elif tag == "em":
            self._italic -= 1
        elif tag in _HEADINGS:
            self._emit(Heading(_HEADINGS[tag], entry.text.take_runs()))
        elif tag == "p":
            self._emit(Paragraph(entry.text.take_runs(), entry.style))
        elif tag == "dt":
            self._emit(Paragraph(entry.text.take_runs(), "term"))
        elif tag == "dd":
            self._emit_dd_text(entry)
        elif tag == "li":
            runs = entry.text.take_runs()
            if runs:
                self._stack[-1].items.append(runs)
        elif tag in ("ul", "ol"):
            if entry.items:
                self.blocks.append(ListBlock(tuple(entry.items), ordered=tag == "ol"))
        elif tag == "caption":
            self._table().caption = entry.text.take_runs()
        elif tag in ("th", "td"):
            self._table().row.append(entry.text.take_runs())
        elif tag == "tr":
            self._close_row()
        elif tag == "table":
            self._close_table(entry.table)

    def _close_row(self) -> None:
        table = self._table()
        if not table.row:
            raise DocumentTemplateError("<tr> without cells")
        in_head = self._stack[-1].tag == "thead"
        (table.header if in_head else table.body).append(tuple(table.row))
        table.row = None

    def _close_table(self, table: _TableBuilder) -> None:
        try:
            self.blocks.append(
                Table(tuple(table.header), tuple(table.body), table.caption, table.kind)
            )
        except ValueError as error:
            raise DocumentTemplateError(f"<table>: {error}") from error

    def _emit_dd_text(self, dd: _Open) -> None:
        self._emit(Paragraph(dd.text.take_runs(), "definition"))

    def _emit(self, block: Heading | Paragraph) -> None:
        # Empty paragraphs would only add spacing, which is the styles' job: drop them.
        if block.runs:
            self.blocks.append(block)

    def _holder(self, required: bool = True) -> _TextHolder | None:
        for entry in reversed(self._stack):
            if entry.text is not None:
                return entry.text
            if entry.tag not in ("strong", "em"):
                break
        if required:
            raise DocumentTemplateError("inline content outside a text element")
        return None

    def _table(self) -> _TableBuilder:
        for entry in reversed(self._stack):
            if entry.table is not None:
                return entry.table
        raise DocumentTemplateError("table part outside a <table>")

    def _is_bold(self) -> bool:
        holder = self._holder(required=False)
        return self._bold > 0 or (holder is not None and holder.base_bold)


def _collapse_whitespace(pieces: list[tuple[object, bool, bool]]) -> Runs:
    """Collapse whitespace as HTML rendering does, across runs and around line breaks,
    drop line breaks at either end, and merge neighbouring runs with the same formatting."""
    runs: list[list] = []  # [text, bold, italic]

    def drop_trailing_space() -> None:
        if runs and runs[-1][0].endswith(" "):
            runs[-1][0] = runs[-1][0][:-1]
            if not runs[-1][0]:
                runs.pop()

    for content, bold, italic in pieces:
        if content is _LINE_BREAK:
            drop_trailing_space()
            runs.append(["\n", bold, italic])
            continue
        text = _HTML_WHITESPACE.sub(" ", content)
        # A space is kept where its sequence starts, never at the start of a line.
        if text.startswith(" ") and (not runs or runs[-1][0].endswith((" ", "\n"))):
            text = text[1:]
        if text:
            runs.append([text, bold, italic])
    drop_trailing_space()
    while runs and runs[-1][0] == "\n":
        runs.pop()
    while runs and runs[0][0] == "\n":
        runs.pop(0)
    merged: list[list] = []
    for run in runs:
        if merged and merged[-1][1:] == run[1:]:
            merged[-1][0] += run[0]
        else:
            merged.append(run)
    return tuple(Run(text, bold, italic) for text, bold, italic in merged)
