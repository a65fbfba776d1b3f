"""How long a rule set applies, said in words: for result pages, documents, the API and the CLI.

Pure: today's date comes from the caller (the web layer uses Europe/Oslo).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from forms.rulesets import RuleSet
from forms.text import N_, Gettext, LongDate, Text, text

OSLO = ZoneInfo("Europe/Oslo")


@dataclass(frozen=True)
class RulesetTitle:
    """A rule set's title in the locale's own words (rule sets carry their titles as data)."""

    ruleset: RuleSet

    def render(self, gettext: Gettext, locale: str) -> str:
        return self.ruleset.title_for(locale)


def today_in_norway() -> date:
    """The date in Norway now: a rule set ends at midnight there, not in UTC."""
    return datetime.now(OSLO).date()


def validity_text(ruleset: RuleSet) -> Text:
    """ "Valid from 1 January 2018 to 20 September 2019", or what the sources leave open."""
    start, end = ruleset.valid_from, ruleset.valid_to
    if start is not None and end is not None:
        return text(N_("Valid from %(start)s to %(end)s"), start=LongDate(start), end=LongDate(end))
    if start is not None:
        return text(N_("Valid from %(start)s"), start=LongDate(start))
    if end is not None:
        return text(N_("Valid to %(end)s; the sources give no start date"), end=LongDate(end))
    return text(N_("In force; the sources give no start date"))


def expiry_text(ruleset: RuleSet, in_force: RuleSet, today: date) -> Text | None:
    """A plain sentence when `ruleset` no longer applies, naming the one in force; else None."""
    if not ruleset.is_expired(today) or ruleset.id == in_force.id:
        return None
    if ruleset.valid_to is not None and today > ruleset.valid_to:
        return text(
            N_(
                "These rules stopped applying after %(end)s. The rules in force now are "
                "“%(in_force)s”."
            ),
            end=LongDate(ruleset.valid_to),
            in_force=RulesetTitle(in_force),
        )
    return text(
        N_("These rules have been replaced. The rules in force now are “%(in_force)s”."),
        in_force=RulesetTitle(in_force),
    )
