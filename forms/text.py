"""Translatable text that pure domain code can return and the web layer renders later.

Domain code cannot call Flask's ``gettext`` (there is no request, and no locale), so it returns
:class:`Text` objects: an English msgid with named placeholders plus typed parameter values.
``Text.render(gettext, locale)`` translates the msgid and formats each value for the locale.

Msgids are whole English sentences, marked with :func:`N_` so Babel extracts them
(``pybabel extract -k N_``). The English catalogue repeats them; nb and nn translate them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import ClassVar, Protocol, runtime_checkable

from forms import formatting
from forms.formatting import N_, Gettext, identity_gettext

__all__ = [
    "N_",
    "CodeLabel",
    "Gettext",
    "LongDate",
    "Millions",
    "MillionsRange",
    "Nok",
    "Number",
    "Percent",
    "Renderable",
    "Text",
    "identity_gettext",
    "text",
]

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@runtime_checkable
class Renderable(Protocol):
    """A parameter value that knows how to render itself for a locale."""

    def render(self, gettext: Gettext, locale: str) -> str: ...


@dataclass(frozen=True)
class Nok:
    """A full amount in kroner: "12 500 000 kr" / "NOK 12,500,000"."""

    amount: int

    def render(self, gettext: Gettext, locale: str) -> str:
        return formatting.format_nok(self.amount, locale, gettext)


@dataclass(frozen=True)
class Millions:
    """An amount in kroner shown in millions when exact: "12,5 mill. kr" / "NOK 12.5 million"."""

    amount: int

    def render(self, gettext: Gettext, locale: str) -> str:
        return formatting.format_millions(self.amount, locale, gettext)


@dataclass(frozen=True)
class MillionsRange:
    """An inclusive band of amounts: "5–50 mill. kr" / "NOK 5–50 million"."""

    low: int
    high: int

    def render(self, gettext: Gettext, locale: str) -> str:
        return formatting.format_millions_range(self.low, self.high, locale, gettext)


@dataclass(frozen=True)
class Percent:
    """A share given as a fraction of one: 0.5 renders as "50 %" / "50%"."""

    value: Fraction | float

    def render(self, gettext: Gettext, locale: str) -> str:
        return formatting.format_percent(self.value, locale)


@dataclass(frozen=True)
class Number:
    """A grouped decimal number ("1 234,5"); plain ``int`` parameters render ungrouped (years)."""

    value: Fraction | float | int

    def render(self, gettext: Gettext, locale: str) -> str:
        return formatting.format_decimal(self.value, locale)


@dataclass(frozen=True)
class LongDate:
    """A date as written in letters: "24. oktober 2018" / "24 October 2018"."""

    value: date

    def render(self, gettext: Gettext, locale: str) -> str:
        return formatting.format_date_long(self.value, locale)


@dataclass(frozen=True)
class CodeLabel:
    """A data-dictionary code shown through its N_-marked label; subclasses set ``labels``."""

    code: str
    labels: ClassVar[Mapping[str, str]] = {}

    def __post_init__(self) -> None:
        if self.code not in self.labels:
            raise ValueError(f"{type(self).__name__}: unknown code {self.code!r}")

    def render(self, gettext: Gettext, locale: str) -> str:
        return gettext(self.labels[self.code])


ParamValue = str | int | Renderable


@dataclass(frozen=True)
class Text:
    """An English msgid with named placeholders and the typed values that fill them."""

    msgid: str
    params: tuple[tuple[str, ParamValue], ...] = ()

    def render(self, gettext: Gettext = identity_gettext, locale: str = "en") -> str:
        """Translate and fill in; a broken translation falls back to the English msgid."""
        translated = gettext(self.msgid)
        if not self.params:
            return translated
        values = {name: _render_value(value, gettext, locale) for name, value in self.params}
        try:
            return translated % values
        except (KeyError, ValueError, TypeError):
            return self.msgid % values

    @property
    def param_dict(self) -> dict[str, ParamValue]:
        return dict(self.params)


def text(msgid: str, /, **params: ParamValue) -> Text:
    """Build a :class:`Text`, checking that the placeholders and the parameters match."""
    wanted = set(_PLACEHOLDER.findall(msgid))
    if wanted != set(params):
        raise ValueError(
            f"msgid {msgid!r} has placeholders {sorted(wanted)} but got {sorted(params)}"
        )
    return Text(msgid, tuple(sorted(params.items())))


def _render_value(value: ParamValue, gettext: Gettext, locale: str) -> str:
    # Plain values first, and `render` looked up directly: isinstance against the runtime
    # protocol costs more than the rest of a short sentence.
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return str(value)
    render = getattr(value, "render", None)
    if render is None:
        raise TypeError(f"unsupported parameter value {value!r}")
    return render(gettext, locale)
