"""Column widths for a table: wide enough that no word and no amount breaks, where the page allows.

Word and LibreOffice break a word that does not fit its column anywhere ("Driftskostnade|r"),
so equal columns broke the long headers and the amounts of a six-column table. This sizes the
columns the way a browser's automatic table layout does: each column at least as wide as its
longest unbreakable piece, the rest of the width shared by how much more a column would need to
hold its longest line. A table whose pieces do not fit at the body size is set a size smaller,
with narrower cell margins; only if that fails too do the columns shrink alike.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

from .blocks import Runs
from .font_metrics import BOLD, REGULAR

_DIGIT = 556  # a character the metrics do not list counts as wide as a digit
# Where a line may break: at spaces, after a soft hyphen, and after a hyphen between letters
# ("Tax-|financing"; a minus sign before a number holds on to it). A no-break space (Babel's
# group separator, "kr" after an amount) keeps an amount whole.
_SPACES = re.compile(r"[ \t\n]+")
_AFTER_HYPHEN = re.compile(r"(?<=\u00ad)|(?<=[^\W\d_]-)(?=[^\W\d_])")
_SAFETY = 1.02  # renderers kern and round; leave a little room


@dataclass(frozen=True)
class TableLayout:
    widths: list[int]  # twips per column, summing to the width given
    font_half_points: int  # the cells' font size, in half points (w:sz)
    cell_margin: int  # twips left and right in each cell


# The body size first, then a compact one: (font size in half points, cell margin in twips).
SIZES = ((22, 108), (19, 57))


# A soft hyphen takes no room until a line breaks there.
_UNITS = {False: {**REGULAR, "\u00ad": 0}, True: {**BOLD, "\u00ad": 0}}
_BREAKABLE = re.compile(r"[ \t\n\u00ad-]")


def text_units(text: str, bold: bool = False) -> int:
    """The width of `text` in thousandths of an em."""
    return sum(map(_UNITS[bold].get, text, repeat(_DIGIT)))


def text_width(text: str, half_points: int, bold: bool = False) -> float:
    """The width of `text` in twips at a font size of `half_points` (11 pt = 22)."""
    return _twips(text_units(text, bold), half_points)


def _twips(units: float, half_points: int) -> float:
    return units * half_points * 10 / 1000  # a half point is 10 twips


def unbreakable_pieces(text: str) -> list[str]:
    """The pieces of `text` a line cannot break inside."""
    pieces = []
    for word in _SPACES.split(text):
        if "-" in word or "\u00ad" in word:
            pieces.extend(p for p in _AFTER_HYPHEN.split(word) if p and p != "\u00ad")
        elif word:
            pieces.append(word)
    return pieces


def table_layout(rows: Sequence[Sequence[Runs]], total: int) -> TableLayout:
    """The layout of a table of `rows` (each cell a sequence of runs) in `total` twips."""
    # Measured once in font units; each size only scales them.
    pieces, lines = _column_units(rows)
    for half_points, margin in SIZES:
        least = [_need(units, half_points, margin) for units in pieces]
        if sum(least) <= total:
            most = [_need(units, half_points, margin) for units in lines]
            return TableLayout(_share(least, most, total), half_points, margin)
    return TableLayout(_scaled(least, total), half_points, margin)


def _need(units: int, half_points: int, margin: int) -> int:
    return math.ceil(_twips(units, half_points) * _SAFETY) + 2 * margin


def _column_units(rows: Sequence[Sequence[Runs]]) -> tuple[list[int], list[int]]:
    """Per column: the width of its longest unbreakable piece, and of its longest line."""
    count = max(len(row) for row in rows)
    pieces, lines = [0] * count, [0] * count
    for row in rows:
        for column, runs in enumerate(row):
            piece, line = _cell_units(runs)
            pieces[column] = max(pieces[column], piece)
            lines[column] = max(lines[column], line)
    return pieces, lines


def _cell_units(runs: Runs) -> tuple[int, int]:
    longest_piece = longest_line = line = 0
    for run in runs:
        for number, text in enumerate(run.text.split("\n")):
            if number:  # a line break inside the run
                longest_line, line = max(longest_line, line), 0
            width = text_units(text, run.bold)
            line += width
            if width <= longest_piece:
                continue  # no piece of it can be longer than the longest so far
            if _BREAKABLE.search(text) is None:  # one piece: the text itself
                longest_piece = width
            else:
                units = _UNITS[run.bold].get
                longest_piece = max(
                    longest_piece,
                    *(sum(map(units, piece, repeat(_DIGIT))) for piece in unbreakable_pieces(text)),
                )
    return longest_piece, max(longest_line, line)


def _share(least: list[int], most: list[int], total: int) -> list[int]:
    if sum(most) <= total:
        return _scaled(most, total)
    spare = total - sum(least)
    wanted = [high - low for low, high in zip(least, most, strict=True)]
    widths = [low + spare * extra // sum(wanted) for low, extra in zip(least, wanted, strict=True)]
    widths[-1] += total - sum(widths)
    return widths


def _scaled(widths: list[int], total: int) -> list[int]:
    scaled = [width * total // sum(widths) for width in widths]
    scaled[-1] += total - sum(scaled)
    return scaled
