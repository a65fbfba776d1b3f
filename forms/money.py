"""Parse the amounts people type into whole kroner (NOK, int).

Accepted: digits grouped with spaces (also NBSP, narrow NBSP), points, commas or apostrophes;
a decimal part that is whole kroner ("12 500 000,00"); the units "kr", "kroner", "NOK", ",-";
and millions as "mill.", "millioner", "million", "MNOK", before or after the number.

How separators are read, so that no amount is guessed:
- two different punctuation marks ("12.500.000,00", "12,500,000.00"): the last one, which may
  occur only once, is the decimal mark and the other groups thousands;
- one mark occurring several times ("12.500.000", "12,500,000"): it groups thousands;
- one mark occurring once: a decimal mark, unless exactly three digits follow it. For an amount
  in kroner it then groups thousands ("12,500", "12.500", "NOK 1,000" are 12 500 kr): kroner
  have at most two decimals (øre), so the decimal reading is never meant. Someone who meant
  12,5 mill. and left out the unit is no more detectable here than someone typing "12"; the
  answers page shows the amount read. For an amount in millions the mark is refused as
  ambiguous: "4,999 mill." is 4.999 million the Norwegian way and 4 999 million the English
  way, so the user is asked for "4 999 mill." or "4,99 mill.". Our own formatting never writes
  three decimals, so everything it produces parses back.
Groups after the first must have three digits. Fractions of a krone are refused, not rounded.
"""

from __future__ import annotations

import re
from fractions import Fraction

from forms.text import N_, Millions, Nok, Text, text

MAX_AMOUNT = 100_000_000_000  # 100 000 MNOK: far above any project; a typo guard
MAX_INPUT_LENGTH = 64

_MILLION_WORDS = frozenset(
    {"mill", "mill.", "mil", "mil.", "million", "millions", "millioner", "mnok", "mio", "mio."}
)
_CURRENCY_WORDS = frozenset({"kr", "kr.", "kroner", "nok", ",-", ".-"})
_GROUPING_ONLY = frozenset({" ", "'"})
_DECIMAL_MARKS = frozenset({".", ","})

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
_NUMBER = re.compile(r"[0-9](?:[0-9]|[ .,'](?=[0-9]))*")
_WORD = re.compile(r"[a-zæøå]+\.?|[.,]-")
_DASHES = re.compile(r"[\u2212\u2013]")  # minus sign and en dash ("–5", "12 500,–")

_EXAMPLE = Nok(12_500_000)
_EXAMPLE_MILLIONS = Millions(12_500_000)


class AmountError(ValueError):
    """An amount that cannot be read; ``message`` says why, ``code`` names the reason."""

    def __init__(self, code: str, message: Text) -> None:
        super().__init__(message.render())
        self.code = code
        self.message = message


def _error(code: str) -> AmountError:
    return AmountError(code, _MESSAGES[code]())


_MESSAGES = {
    "empty": lambda: text(
        N_("Enter an amount in kroner, for example %(example)s or %(example_millions)s."),
        example=_EXAMPLE,
        example_millions=_EXAMPLE_MILLIONS,
    ),
    "not_a_number": lambda: text(
        N_("Enter the amount as a number, for example %(example)s or %(example_millions)s."),
        example=_EXAMPLE,
        example_millions=_EXAMPLE_MILLIONS,
    ),
    "negative": lambda: text(N_("The amount cannot be negative.")),
    "ambiguous": lambda: text(
        N_(
            "We cannot tell whether the point or comma separates thousands or decimals. "
            "Write millions with at most two decimals, as in %(example_millions)s, "
            "or the full amount, as in %(example)s."
        ),
        example=_EXAMPLE,
        example_millions=_EXAMPLE_MILLIONS,
    ),
    "bad_grouping": lambda: text(
        N_(
            "Check the digits: thousands are grouped in threes, as in %(example)s, "
            "with the same separator throughout."
        ),
        example=_EXAMPLE,
    ),
    "fraction": lambda: text(
        N_(
            "Enter the amount in whole kroner, for example %(example)s. "
            "For millions, add the unit, as in %(example_millions)s."
        ),
        example=_EXAMPLE,
        example_millions=_EXAMPLE_MILLIONS,
    ),
    "too_large": lambda: text(
        N_("The amount cannot be more than %(limit)s."), limit=Nok(MAX_AMOUNT)
    ),
}


def parse_amount(raw: str) -> int:
    """Read ``raw`` as a whole number of kroner, or raise :class:`AmountError`."""
    cleaned = _DASHES.sub("-", _SPACES.sub(" ", str(raw))).strip().lower()
    if not cleaned:
        raise _error("empty")
    if len(cleaned) > MAX_INPUT_LENGTH:
        raise _error("not_a_number")
    numbers = list(_NUMBER.finditer(cleaned))
    if len(numbers) != 1:
        raise _error("not_a_number")
    match = numbers[0]
    before, after = cleaned[: match.start()], cleaned[match.end() :]
    if before.rstrip().endswith("-"):
        before = before.rstrip()[:-1]
        negative = True
    else:
        negative = False
    unit = _read_unit(before + " " + after)
    if negative:
        raise _error("negative")
    value = _read_number(match.group(), unit) * (1_000_000 if unit == "millions" else 1)
    if value.denominator != 1:
        raise _error("fraction")
    if value > MAX_AMOUNT:
        raise _error("too_large")
    return int(value)


def _read_unit(words: str) -> str | None:
    """Check the words around the number: "millions", "kroner" or None (no unit written)."""
    if _WORD.sub(" ", words).strip():
        raise _error("not_a_number")
    tokens = _WORD.findall(words)
    if any(token not in _MILLION_WORDS | _CURRENCY_WORDS for token in tokens):
        raise _error("not_a_number")
    million_count = sum(token in _MILLION_WORDS for token in tokens)
    if million_count > 1:
        raise _error("not_a_number")
    if million_count:
        return "millions"
    return "kroner" if tokens else None


def _read_number(number: str, unit: str | None) -> Fraction:
    """Turn a run of digits and separators into an exact value (see the module docstring)."""
    separators = [char for char in number if not char.isdigit()]
    groups = re.split(r"[ .,']", number)
    decimal_mark = _decimal_mark(separators, groups, unit)
    if decimal_mark is None:
        whole_groups, decimals = groups, ""
    else:
        whole_groups, decimals = groups[:-1], groups[-1]
        separators = separators[:-1]
    if len(set(separators)) > 1 or not _grouped_in_threes(whole_groups):
        raise _error("bad_grouping")
    whole = int("".join(whole_groups))
    return whole + Fraction(int(decimals or "0"), 10 ** len(decimals))


def _decimal_mark(separators: list[str], groups: list[str], unit: str | None) -> str | None:
    if not separators or separators[-1] in _GROUPING_ONLY:
        return None
    last = separators[-1]
    if separators.count(last) > 1:
        return None
    punctuation = {mark for mark in separators if mark in _DECIMAL_MARKS}
    if len(punctuation) == 1 and len(groups[-1]) == 3:
        if unit != "millions":
            return None
        raise _error("ambiguous")
    return last


def _grouped_in_threes(groups: list[str]) -> bool:
    if len(groups) == 1:
        return True
    return 1 <= len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])
