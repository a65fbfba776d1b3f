"""Charts drawn on the server with matplotlib: SVG for the pages, PNG for Word documents.

Why matplotlib: it is the kept plotting library with both outputs, and it draws without a
display or a browser. It is imported on the first chart only, so the pages without charts
(the wizard, most of the advisors' pages) do not carry it.

A chart is never the only place its numbers are: each page shows the same numbers as a table
beside it, and the image says so in its alternative text. The output is deterministic (no
dates, fixed ids), so the same numbers give the same bytes.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

# Blue and orange that keep their contrast on white and for the common colour blindnesses;
# the second series is hatched too, so print in black and white still tells them apart.
COLOURS = ("#1f4e79", "#b85410", "#4d4d4d")
HATCHES = ("", "//", "..")
# matplotlib's state is not thread-safe; gunicorn's threads draw one at a time.
_lock = threading.Lock()


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float]

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", tuple(self.values))  # hashable: see svg()


@dataclass(frozen=True)
class BarChart:
    """Bars per category (years), one bar per series side by side; an optional line for a
    limit (the grant) across the chart."""

    title: str
    categories: Sequence[str]
    series: Sequence[Series]
    unit: str  # the axis label, e.g. "MNOK"
    scale: float = 1_000_000  # values are divided by this on the axis
    limit: tuple[str, float] | None = None
    number: Callable[[float], str] = str
    # Horizontal bars, each series stacked on the last (shares that add up to a whole).
    stacked_across: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "categories", tuple(self.categories))
        object.__setattr__(self, "series", tuple(self.series))


def _figure(chart: BarChart):
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    height = 3.6 if not chart.stacked_across else 1.8 + 0.42 * len(chart.categories)
    # Margins set here rather than by a layout engine, which doubles the drawing time.
    figure = Figure(figsize=(7.5, height), dpi=100)
    axes = figure.add_subplot()
    if chart.stacked_across:
        longest = max((len(label) for label in chart.categories), default=0)
        left = min(0.62, 0.03 + 0.0095 * longest)  # room for the questions at 9 pt
        figure.subplots_adjust(left=left, right=0.97, top=1 - 0.45 / height, bottom=1.2 / height)
        _stacked_across(axes, chart, FuncFormatter)
        return figure
    figure.subplots_adjust(left=0.1, right=0.98, top=0.88, bottom=0.1)
    count = max(len(chart.series), 1)
    width = 0.8 / count
    positions = range(len(chart.categories))
    for index, series in enumerate(chart.series):
        offsets = [p - 0.4 + width * (index + 0.5) for p in positions]
        axes.bar(
            offsets,
            [value / chart.scale for value in series.values],
            width,
            label=series.label,
            color=COLOURS[index % len(COLOURS)],
            hatch=HATCHES[index % len(HATCHES)],
            edgecolor="white",
        )
    if chart.limit is not None:
        label, value = chart.limit
        axes.axhline(
            value / chart.scale, color="#000000", linestyle="--", linewidth=1.5, label=label
        )
    axes.set_xticks(list(positions), list(chart.categories))
    axes.set_ylabel(chart.unit)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _position: chart.number(value)))
    axes.set_title(chart.title, loc="left", fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#d0d0d0", linewidth=0.6)
    axes.set_axisbelow(True)
    if chart.series or chart.limit:
        axes.legend(frameon=False, loc="upper left", fontsize=9)
    return figure


def _stacked_across(axes, chart: BarChart, formatter) -> None:
    positions = list(range(len(chart.categories)))
    starts = [0.0] * len(positions)
    for index, series in enumerate(chart.series):
        values = [value / chart.scale for value in series.values]
        axes.barh(
            positions,
            values,
            0.7,
            left=starts,
            label=series.label,
            color=COLOURS[index % len(COLOURS)],
            hatch=HATCHES[index % len(HATCHES)],
            edgecolor="white",
        )
        starts = [start + value for start, value in zip(starts, values, strict=True)]
    axes.set_yticks(positions, list(chart.categories), fontsize=9)
    axes.invert_yaxis()  # the first question at the top, as in the table
    axes.set_xlabel(chart.unit)
    axes.xaxis.set_major_formatter(formatter(lambda value, _position: chart.number(value)))
    axes.set_title(chart.title, loc="left", fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    # Below the axis: the title is above, and the bars fill the plot to 100 %.
    axes.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.3), ncols=3, fontsize=9)


# The same chart (numbers, labels, language) draws the same bytes, so a drawing is kept for
# the next request that asks for it: matplotlib takes about 100 ms a chart.
CACHED_CHARTS = 64


@lru_cache(maxsize=CACHED_CHARTS)
def svg(chart: BarChart) -> bytes:
    import matplotlib

    with _lock, matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "veiviser"}):
        figure = _figure(chart)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


@lru_cache(maxsize=CACHED_CHARTS)
def png(chart: BarChart, dpi: int = 150) -> bytes:
    with _lock:
        figure = _figure(chart)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()
