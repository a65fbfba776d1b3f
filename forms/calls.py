"""The yearly co-financing call as data: reading its dates, and where an applicant stands.

Pure: no Flask, no database. Times in and out are UTC without tzinfo (as the database keeps
them); the deadline is typed as a date and a time on the clocks in Norway, and a time the
clocks skip (spring) or show twice (autumn) is refused, so a deadline always names one moment.
A call opens at the start of its opening day in Norway and closes at its deadline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Generic, Protocol, TypeVar
from zoneinfo import ZoneInfo

from forms import formatting
from forms.formatting import Gettext
from forms.money import AmountError, parse_amount
from forms.text import N_, LongDate, Text, text

OSLO = ZoneInfo("Europe/Oslo")
FIRST_YEAR, LAST_YEAR = 2000, 2100
# One call a year, published with the state budget proposal in October (DOMAIN.md §2).
USUAL_OPENING_MONTH = 10

_YEAR = re.compile(r"[0-9]{4}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"([0-9]{1,2})[:.]([0-9]{2})")


class CallValueError(ValueError):
    """A value for a call that cannot be read or is not allowed; ``message`` says why."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.render())
        self.message = message


def parse_year(raw: str) -> int:
    cleaned = str(raw).strip()
    if not cleaned:
        raise CallValueError(text(N_("Enter the year of the call.")))
    if not _YEAR.fullmatch(cleaned) or not FIRST_YEAR <= int(cleaned) <= LAST_YEAR:
        raise CallValueError(
            text(
                N_("Enter the year as four digits, between %(first)s and %(last)s."),
                first=FIRST_YEAR,
                last=LAST_YEAR,
            )
        )
    return int(cleaned)


def parse_pot(raw: str) -> int:
    try:
        pot = parse_amount(raw)
    except AmountError as error:
        raise CallValueError(error.message) from None
    if pot <= 0:
        raise CallValueError(text(N_("The pot must be more than 0 kroner.")))
    return pot


def parse_day(raw: str, empty: Text) -> date:
    """A date as YYYY-MM-DD (what a date field sends)."""
    cleaned = str(raw).strip()
    if not cleaned:
        raise CallValueError(empty)
    try:
        if not _DATE.fullmatch(cleaned):
            raise ValueError(cleaned)
        day = date.fromisoformat(cleaned)
    except ValueError:
        raise CallValueError(
            text(N_("Enter a real date as year-month-day, for example 2026-10-15."))
        ) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CallValueError(
            text(
                N_("Enter a date between %(first)s and %(last)s."),
                first=FIRST_YEAR,
                last=LAST_YEAR,
            )
        )
    return day


def parse_clock(raw: str) -> time:
    """A time of day as HH:MM (also H:MM and HH.MM, as Norwegians write it)."""
    match = _TIME.fullmatch(str(raw).strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise CallValueError(text(N_("Enter the time as hours and minutes, for example 12:00.")))
    return time(int(match.group(1)), int(match.group(2)))


def parse_deadline(raw: str) -> datetime:
    """ "2027-01-20 12:00" (the command line's form) as a moment in UTC."""
    cleaned = str(raw).strip()
    day, _, clock = cleaned.replace("T", " ").partition(" ")
    if not clock.strip():
        raise CallValueError(
            text(N_("Enter the deadline as a date and a time, for example 2027-01-20 12:00."))
        )
    return norwegian_time_to_utc(
        parse_day(day, text(N_("Enter the date of the deadline."))), parse_clock(clock)
    )


def norwegian_time_to_utc(day: date, clock: time) -> datetime:
    """The moment the clocks in Norway show `clock` on `day`, in UTC; refused when the clocks
    skip that time or show it twice (the nights summer time begins and ends)."""
    earlier = datetime.combine(day, clock, tzinfo=OSLO)
    later = earlier.replace(fold=1)
    moment = earlier.astimezone(UTC)
    if moment.astimezone(OSLO).replace(tzinfo=None) != earlier.replace(tzinfo=None):
        raise CallValueError(
            text(
                N_("The clocks in Norway skip %(time)s on %(date)s. Choose another time."),
                time=clock.strftime("%H:%M"),
                date=LongDate(day),
            )
        )
    if later.utcoffset() != earlier.utcoffset():
        raise CallValueError(
            text(
                N_("The clocks in Norway show %(time)s twice on %(date)s. Choose another time."),
                time=clock.strftime("%H:%M"),
                date=LongDate(day),
            )
        )
    return moment.replace(tzinfo=None)


def in_norway(moment: datetime) -> datetime:
    """A stored UTC moment as the clocks in Norway show it (with tzinfo)."""
    return moment.replace(tzinfo=UTC).astimezone(OSLO)


def start_of_day_utc(day: date) -> datetime:
    """Midnight at the start of `day` in Norway, in UTC (midnight always exists there)."""
    return datetime.combine(day, time(0), tzinfo=OSLO).astimezone(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class NorwegianMoment:
    """A stored UTC moment as the clocks in Norway show it: "20 January 2027 at 12:00" /
    "20. januar 2027 kl. 12:00"."""

    moment: datetime

    def render(self, gettext: Gettext, locale: str) -> str:
        local = in_norway(self.moment)
        return gettext(N_("%(date)s at %(time)s")) % {
            "date": formatting.format_date_long(local.date(), locale),
            "time": formatting.format_time_short(local.time(), locale),
        }


@dataclass(frozen=True)
class YearMonth:
    """A month of a year: "October 2027" / "oktober 2027"."""

    day: date

    def render(self, gettext: Gettext, locale: str) -> str:
        return formatting.format_year_month(self.day.year, self.day.month, locale)


class CallDates(Protocol):
    year: int
    opens_on: date
    deadline_at: datetime


def opens_at(call: CallDates) -> datetime:
    return start_of_day_utc(call.opens_on)


def is_open(call: CallDates, now: datetime) -> bool:
    return opens_at(call) <= now < call.deadline_at


def call_state(call: CallDates, now: datetime) -> str:
    """ "upcoming", "open" or "closed" at `now` (UTC)."""
    if now < opens_at(call):
        return "upcoming"
    return "open" if now < call.deadline_at else "closed"


C = TypeVar("C", bound=CallDates)


@dataclass(frozen=True)
class CallSituation(Generic[C]):
    """Where an applicant stands now: the call open, the one that closed last, the next one."""

    open: C | None
    last_closed: C | None
    upcoming: C | None
    today: date

    @property
    def refuses_cofinancing(self) -> bool:
        """After a call's deadline, until the next call opens, co-financing is not sent: the
        draft waits with the applicant. Before any call has closed (an installation that has
        not entered its first call), an application is sent and waits for the next call."""
        return self.open is None and self.last_closed is not None

    @property
    def waiting_call(self) -> C | None:
        """The call an application sent now waits for, when none is open: the next one known."""
        return None if self.open is not None else self.upcoming

    @property
    def next_expected(self) -> date:
        """When the next call opens: its opening day if it is known, else the first day of the
        next October (the month calls are published in)."""
        if self.upcoming is not None:
            return self.upcoming.opens_on
        year = self.today.year if self.today.month <= USUAL_OPENING_MONTH else self.today.year + 1
        return date(year, USUAL_OPENING_MONTH, 1)

    @property
    def next_expected_is_known(self) -> bool:
        return self.upcoming is not None


def situation(calls: Sequence[C], now: datetime) -> CallSituation[C]:
    """Read the situation at `now` (UTC) from every call; calls never overlap."""
    open_call = next((call for call in calls if is_open(call, now)), None)
    closed = [call for call in calls if call.deadline_at <= now]
    later = [call for call in calls if opens_at(call) > now]
    return CallSituation(
        open=open_call,
        last_closed=max(closed, key=lambda call: call.deadline_at, default=None),
        upcoming=min(later, key=opens_at, default=None),
        today=in_norway(now).date(),
    )


def overlaps(first: CallDates, second: CallDates) -> bool:
    return opens_at(first) < second.deadline_at and opens_at(second) < first.deadline_at


def window_problem(call: CallDates) -> Text | None:
    """Why the call's dates do not make a window, if they do not."""
    if call.deadline_at <= opens_at(call):
        return text(N_("The deadline must come after the day the call opens."))
    if call.deadline_at - opens_at(call) > timedelta(days=366):
        return text(N_("A call lasts at most a year: move the deadline or the opening day."))
    return None


# --- what the start page, the wizard and the receipt say ----------------------------------


def open_call_text(call: CallDates) -> Text:
    return text(
        N_("Co-financing: the deadline for the %(year)s call is %(deadline)s (Norwegian time)."),
        year=call.year,
        deadline=NorwegianMoment(call.deadline_at),
    )


def next_call_text(situation: CallSituation[C]) -> Text:
    if situation.upcoming is not None:
        return text(
            N_("The next call, for %(year)s, opens on %(date)s."),
            year=situation.upcoming.year,
            date=LongDate(situation.upcoming.opens_on),
        )
    return text(
        N_("The next call is expected to open in %(month)s, with the state budget proposal."),
        month=YearMonth(situation.next_expected),
    )


def closed_call_text(call: CallDates) -> Text:
    return text(
        N_("The %(year)s call for co-financing closed on %(deadline)s."),
        year=call.year,
        deadline=NorwegianMoment(call.deadline_at),
    )


def situation_texts(situation: CallSituation[C]) -> tuple[Text, ...]:
    """What the start page and the wizard say about the call, if anything."""
    if situation.open is not None:
        return (open_call_text(situation.open),)
    if situation.last_closed is not None:
        return (closed_call_text(situation.last_closed), next_call_text(situation))
    if situation.upcoming is not None:
        return (
            text(
                N_(
                    "Co-financing: the %(year)s call opens on %(date)s. An application sent "
                    "before then waits for it."
                ),
                year=situation.upcoming.year,
                date=LongDate(situation.upcoming.opens_on),
            ),
        )
    return ()
