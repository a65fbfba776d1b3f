"""Parse the strict HTML that document templates emit into blocks.

The templates are ours, so anything outside the vocabulary is a bug in a template and
fails loudly with :class:`DocumentTemplateError` instead of being dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

from webapp.documents.blocks import (
    Block,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Run,
    Runs,
    Table,
)


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
    # A picture: <img src="chart:KEY" alt="…">, KEY naming one of the document's images.
    "img": _BLOCK_PARENTS,
}
IMAGE_SOURCE = re.compile(r"chart:([a-z0-9-]{1,40})")

# class attribute value → paragraph style / table kind. Nothing else may carry a class.
PARAGRAPH_CLASSES = {
    "doc-letterhead": "letterhead",
    "doc-meta": "meta",
    "doc-signature": "signature",
}
TABLE_CLASSES = {"doc-refs": "refs"}
_CLASSES = {"p": PARAGRAPH_CLASSES, "table": TABLE_CLASSES}
_TH_SCOPES = frozenset({"col", "row"})

_HTML_SPACES = " \t\n\r\f"
_HTML_WHITESPACE = re.compile(f"[{_HTML_SPACES}]+")
_LINE_BREAK = object()


@dataclass(slots=True)
class _TextHolder:
    """Collects the inline content of one element that holds text."""

    base_bold: bool = False
    pieces: list[tuple[object, bool, bool]] = field(default_factory=list)

    def add(self, content: object, bold: bool, italic: bool) -> None:
        self.pieces.append((content, bold or self.base_bold, italic))

    def take_runs(self) -> Runs:
        runs = _collapse_whitespace(self.pieces)
        self.pieces = []
        return runs


@dataclass(slots=True)
class _TableBuilder:
    kind: str
    caption: Runs = ()
    header: list[tuple[Runs, ...]] = field(default_factory=list)
    body: list[tuple[Runs, ...]] = field(default_factory=list)
    row: list[Runs] | None = None


@dataclass(slots=True)
class _Open:
    tag: str
    style: str | None = None
    text: _TextHolder | None = None
    items: list[Runs] | None = None
    table: _TableBuilder | None = None


def html_to_blocks(html: str) -> tuple[Block, ...]:
    """Parse a rendered document template into blocks (see the module docstring)."""
    builder = _BlockBuilder()
    if not _read_plain_markup(html, builder):
        # Comments, declarations or markup written unusually: html.parser reads it all.
        builder = _BlockBuilder()
        parser = _DocumentParser(builder)
        parser.feed(html)
        parser.close()
    return builder.finish()


# What templates emit: text, end tags, and start tags whose attributes are double-quoted
# without entities. html.parser reads these exactly so; it is slow at it, though.
_SPACE = f"[{_HTML_SPACES}]"
_PLAIN_MARKUP = re.compile(
    "([^<]+)"
    rf'|<([a-zA-Z][a-zA-Z0-9]*)((?:{_SPACE}+[a-zA-Z][a-zA-Z0-9-]*="[^"&<>]*")*){_SPACE}*(/?)>'
    rf"|</([a-zA-Z][a-zA-Z0-9]*){_SPACE}*>"
)
_PLAIN_ATTRIBUTE = re.compile(r'([a-zA-Z][a-zA-Z0-9-]*)="([^"]*)"')


def _read_plain_markup(html: str, builder: _BlockBuilder) -> bool:
    """Feed ``html`` to ``builder`` as html.parser would, or return False at the first
    markup outside the plain subset (the caller then starts again with html.parser).

    The builder sees the same calls in the same order either way, so what it raises
    before that point is what it would raise under html.parser.
    """
    match = _PLAIN_MARKUP.match
    position, length = 0, len(html)
    while position < length:
        token = match(html, position)
        if token is None:
            return False
        text, tag, attributes, self_closing, end_tag = token.groups()
        if text is not None:
            builder.text(unescape(text) if "&" in text else text)
        elif tag is not None:
            attrs = [(name.lower(), value) for name, value in _PLAIN_ATTRIBUTE.findall(attributes)]
            if self_closing:
                builder.self_closing_tag(tag.lower(), attrs)
            else:
                builder.start_tag(tag.lower(), attrs)
        else:
            builder.end_tag(end_tag.lower())
        position = token.end()
    return True


class _DocumentParser(HTMLParser):
    """html.parser's reading of any markup, passed on to a :class:`_BlockBuilder`."""

    def __init__(self, builder: _BlockBuilder) -> None:
        super().__init__(convert_charrefs=True)
        self._builder = builder

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._builder.start_tag(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._builder.self_closing_tag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._builder.end_tag(tag)

    def handle_data(self, data: str) -> None:
        self._builder.text(data)

    def handle_comment(self, data: str) -> None:
        """Comments are allowed and carry nothing."""

    def handle_decl(self, decl: str) -> None:
        raise DocumentTemplateError(f"declaration <!{decl}> is not allowed")

    def unknown_decl(self, data: str) -> None:
        raise DocumentTemplateError(f"declaration <![{data}]> is not allowed")

    def handle_pi(self, data: str) -> None:
        raise DocumentTemplateError(f"processing instruction <?{data}> is not allowed")


def _figure(attrs: list[tuple[str, str | None]]) -> Figure:
    found = dict(attrs)
    if set(found) != {"src", "alt"}:
        raise DocumentTemplateError('<img> takes exactly src="chart:KEY" and alt="…"')
    match = IMAGE_SOURCE.fullmatch(found["src"] or "")
    if match is None:
        raise DocumentTemplateError(f'<img src="{found["src"]}"> must be src="chart:KEY"')
    alt = _HTML_WHITESPACE.sub(" ", unescape(found["alt"] or "")).strip()
    if not alt:
        raise DocumentTemplateError("<img> needs its alternative text in alt")
    return Figure(match.group(1), alt)


class _BlockBuilder:
    """Checks tags against the vocabulary and turns them into blocks, in document order."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._stack: list[_Open] = []
        self._bold = 0
        self._italic = 0

    def start_tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        parent = self._stack[-1].tag if self._stack else ""
        if tag not in ALLOWED_PARENTS:
            raise DocumentTemplateError(f"tag <{tag}> is not allowed in a document template")
        if parent not in ALLOWED_PARENTS[tag]:
            where = f"<{parent}>" if parent else "the top level"
            raise DocumentTemplateError(f"tag <{tag}> is not allowed inside {where}")
        if tag == "img":
            self.blocks.append(_figure(attrs))
            return
        style = self._check_attributes(tag, attrs)
        if tag == "br":
            self._holder().add(_LINE_BREAK, self._bold > 0, self._italic > 0)
            return
        self._open(tag, style)

    def self_closing_tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("br", "img"):
            raise DocumentTemplateError(f"self-closing <{tag}/> is not allowed; close it")
        self.start_tag(tag, attrs)

    def end_tag(self, tag: str) -> None:
        if tag not in ALLOWED_PARENTS or tag in ("br", "img"):
            raise DocumentTemplateError(f"closing tag </{tag}> is not allowed")
        if not self._stack:
            raise DocumentTemplateError(f"</{tag}> closes nothing")
        current = self._stack[-1]
        if current.tag != tag:
            raise DocumentTemplateError(f"</{tag}> found where </{current.tag}> was expected")
        self._stack.pop()
        self._close(current)

    def text(self, data: str) -> None:
        holder = self._holder(required=False)
        if holder is None:
            if data.strip(_HTML_SPACES):
                where = f"<{self._stack[-1].tag}>" if self._stack else "the top level"
                raise DocumentTemplateError(f"text {data.strip()[:40]!r} directly inside {where}")
            return
        holder.add(data, self._bold > 0, self._italic > 0)

    def finish(self) -> tuple[Block, ...]:
        if self._stack:
            raise DocumentTemplateError(f"<{self._stack[-1].tag}> is never closed")
        return tuple(self.blocks)

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


def _collapse_whitespace(pieces: list[tuple[object, bool, bool]]) -> Runs:
    """Collapse whitespace as HTML rendering does, across runs and around line breaks,
    drop line breaks at either end, and merge neighbouring runs with the same formatting."""
    if len(pieces) == 1 and pieces[0][0] is not _LINE_BREAK:  # most elements: just text
        content, bold, italic = pieces[0]
        text = _HTML_WHITESPACE.sub(" ", content).strip(" ")
        return (Run(text, bold, italic),) if text else ()
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
