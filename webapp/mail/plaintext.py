"""The text part of a mail, from its HTML: one template gives both.

Mail templates use a small vocabulary (h1, h2, p, ul, ol, li, dl, dt, dd, a, strong, em, br);
anything else is a mistake in a template and raises, as the document templates do.
"""

from __future__ import annotations

import textwrap
from html.parser import HTMLParser

BLOCKS = frozenset({"h1", "h2", "p", "li", "dt", "dd"})
CONTAINERS = frozenset({"html", "head", "body", "title", "meta", "style", "div", "ul", "ol", "dl"})
INLINE = frozenset({"a", "strong", "em", "br", "span"})
WIDTH = 72


class MailTemplateError(ValueError):
    """A mail template used HTML outside the mail vocabulary."""


class _TextWriter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: list[str] = []
        self.blocks: list[tuple[str, str]] = []  # (tag, text)
        self._current: list[str] | None = None
        self._block = ""
        self._lists: list[list[int]] = []  # [counter] per open list; counter < 0: bullets
        self._href: list[str | None] = []
        self._link_text: list[int] = []
        self._in = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in BLOCKS | CONTAINERS | INLINE:
            raise MailTemplateError(f"<{tag}> is not in the mail vocabulary")
        if tag in ("head", "title", "style"):
            self._in = tag
        elif tag == "ul":
            self._lists.append([-1])
        elif tag == "ol":
            self._lists.append([0])
        elif tag in BLOCKS:
            self._current, self._block = [], tag
        elif tag == "a" and self._current is not None:
            self._href.append(dict(attrs).get("href"))
            self._link_text.append(len("".join(self._current)))
        elif tag == "br" and self._current is not None:
            self._current.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("head", "title", "style"):
            self._in = "head" if tag == "title" else ""
        elif tag in ("ul", "ol"):
            self._lists.pop()
        elif tag == "a" and self._current is not None and self._href:
            href, start = self._href.pop(), self._link_text.pop()
            shown = "".join(self._current)[start:].strip()
            if href and href != shown:
                self._current.append(f" <{href}>")
        elif tag in BLOCKS and self._current is not None:
            self.blocks.append((tag, self._finish("".join(self._current))))
            self._current = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title.append(data)
        elif self._current is not None:
            self._current.append(data)

    def _finish(self, raw: str) -> str:
        lines = [" ".join(line.split()) for line in raw.split("\n")]
        text = "\n".join(line for line in lines if line)
        if self._block == "h1":
            return f"{text}\n{'=' * min(len(text), WIDTH)}"
        if self._block == "h2":
            return f"{text}\n{'-' * min(len(text), WIDTH)}"
        if self._block == "li" and self._lists:
            counter = self._lists[-1]
            if counter[0] >= 0:
                counter[0] += 1
                marker = f"{counter[0]}. "
            else:
                marker = "- "
            return _wrap(text, marker, " " * len(marker))
        if self._block == "dd":
            return _wrap(text, "    ", "    ")
        return _wrap(text, "", "")


def _wrap(text: str, first: str, rest: str) -> str:
    # Long words (links) are never broken: a broken URL does not work when pasted.
    return "\n".join(
        textwrap.fill(
            line,
            WIDTH,
            initial_indent=first if number == 0 else rest,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
        )
        for number, line in enumerate(text.split("\n"))
    )


def html_to_text(html: str) -> tuple[str, str]:
    """(subject from <title>, text body) of a rendered mail template."""
    writer = _TextWriter()
    writer.feed(html)
    writer.close()
    subject = " ".join("".join(writer.title).split())
    parts: list[str] = []
    previous = ""
    for tag, text in writer.blocks:
        # List items follow each other, and a definition its term, without a blank line.
        tight = (tag == "li" and previous == "li") or tag == "dd"
        if parts:
            parts.append("\n" if tight else "\n\n")
        parts.append(text)
        previous = tag
    return subject, "".join(parts) + "\n"
