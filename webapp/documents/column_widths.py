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


def text_width(text: str, half_points: int, bold: bool = False) -> float:
    """The width of `text` in twips at a font size of `half_points` (11 pt = 22)."""
    metrics = BOLD if bold else REGULAR
    units = sum(metrics.get(char, _DIGIT) for char in text.replace("\u00ad", ""))
    return units * half_points * 10 / 1000  # a half point is 10 twips


def unbreakable_pieces(text: str) -> list[str]:
    """The pieces of `text` a line cannot break inside."""
    return [
        piece
        for word in _SPACES.split(text)
        for piece in _AFTER_HYPHEN.split(word)
        if piece and piece != "\u00ad"
    ]


def table_layout(rows: Sequence[Sequence[Runs]], total: int) -> TableLayout:
    """The layout of a table of `rows` (each cell a sequence of runs) in `total` twips."""
    for half_points, margin in SIZES:
        least, most = _needs(rows, half_points, 2 * margin)
        if sum(least) <= total:
            return TableLayout(_share(least, most, total), half_points, margin)
    return TableLayout(_scaled(least, total), half_points, margin)


def _needs(
    rows: Sequence[Sequence[Runs]], half_points: int, padding: int
) -> tuple[list[int], list[int]]:
    """Per column: the width of its longest unbreakable piece, and of its longest line."""
    count = max(len(row) for row in rows)
    least, most = [padding] * count, [padding] * count
    for row in rows:
        for column, runs in enumerate(row):
            piece, line = _cell_needs(runs, half_points)
            least[column] = max(least[column], math.ceil(piece * _SAFETY) + padding)
            most[column] = max(most[column], math.ceil(line * _SAFETY) + padding)
    return least, most


def _cell_needs(runs: Runs, half_points: int) -> tuple[float, float]:
    longest_piece = longest_line = line = 0.0
    for run in runs:
        for number, text in enumerate(run.text.split("\n")):
            if number:  # a line break inside the run
                longest_line, line = max(longest_line, line), 0.0
            line += text_width(text, half_points, run.bold)
            for piece in unbreakable_pieces(text):
                longest_piece = max(longest_piece, text_width(piece, half_points, run.bold))
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
