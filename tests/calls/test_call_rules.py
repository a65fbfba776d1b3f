"""Reading a call's values, and where an applicant stands: pure, tables of cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from forms import calls
from forms.calls import CallValueError


@dataclass(frozen=True)
class SampleCall:
    year: int
    opens_on: date
    deadline_at: datetime


CALL_2027 = SampleCall(2027, date(2026, 10, 15), datetime(2027, 1, 20, 11, 0))  # 12:00 in Oslo
CALL_2028 = SampleCall(2028, date(2027, 10, 15), datetime(2028, 1, 20, 11, 0))


@pytest.mark.parametrize(
    ("typed", "utc"),
    [
        ("2027-01-20 12:00", datetime(2027, 1, 20, 11, 0)),  # winter: UTC+1
        ("2027-06-20 12:00", datetime(2027, 6, 20, 10, 0)),  # summer: UTC+2
        ("2027-01-20T09.30", datetime(2027, 1, 20, 8, 30)),
        ("2027-03-28 01:59", datetime(2027, 3, 28, 0, 59)),  # just before the clocks skip
        ("2027-03-28 03:00", datetime(2027, 3, 28, 1, 0)),  # just after
        ("2027-10-31 03:00", datetime(2027, 10, 31, 2, 0)),  # after the hour shown twice
    ],
)
def test_a_deadline_is_read_in_norwegian_time(typed, utc):
    assert calls.parse_deadline(typed) == utc


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2027-03-28 02:30", "skip 02:30"),
        ("2027-10-31 02:30", "show 02:30 twice"),
        ("2027-01-20", "a date and a time"),
        ("2027-01-32 12:00", "real date"),
        ("2027-01-20 24:00", "hours and minutes"),
        ("20.01.2027 12:00", "real date"),
        ("", "a date and a time"),
    ],
)
def test_a_deadline_that_names_no_single_moment_is_refused(typed, message):
    with pytest.raises(CallValueError, match=message):
        calls.parse_deadline(typed)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("2027", 2027), (" 2000 ", 2000), ("2100", 2100)],
)
def test_years(typed, expected):
    assert calls.parse_year(typed) == expected


@pytest.mark.parametrize("typed", ["", "27", "1999", "2101", "20 27", "２０２７"])
def test_years_refused(typed):
    with pytest.raises(CallValueError):
        calls.parse_year(typed)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("190000000", 190_000_000), ("190 MNOK", 190_000_000), ("20 000 000 kr", 20_000_000)],
)
def test_pots(typed, expected):
    assert calls.parse_pot(typed) == expected


@pytest.mark.parametrize("typed", ["", "0", "-5", "lots", "12,5"])
def test_pots_refused(typed):
    with pytest.raises(CallValueError):
        calls.parse_pot(typed)


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (datetime(2026, 10, 14, 21, 59), "upcoming"),  # 23:59 on 14 October in Oslo
        (datetime(2026, 10, 14, 22, 0), "open"),  # midnight starting 15 October (summer time)
        (datetime(2027, 1, 20, 10, 59), "open"),
        (datetime(2027, 1, 20, 11, 0), "closed"),  # the deadline itself is too late
    ],
)
def test_a_call_opens_at_midnight_in_norway_and_closes_at_its_deadline(now, state):
    assert calls.call_state(CALL_2027, now) == state


def test_while_a_call_is_open_an_application_joins_it():
    situation = calls.situation([CALL_2028, CALL_2027], datetime(2026, 12, 1))
    assert situation.open is CALL_2027
    assert not situation.refuses_cofinancing
    assert situation.upcoming is CALL_2028


def test_after_the_deadline_co_financing_waits_with_the_applicant():
    situation = calls.situation([CALL_2027], datetime(2027, 3, 1))
    assert situation.open is None and situation.last_closed is CALL_2027
    assert situation.refuses_cofinancing
    assert situation.next_expected == date(2027, 10, 1)  # calls come with the budget in October
    late = calls.situation([CALL_2027], datetime(2027, 11, 5))
    assert late.next_expected == date(2028, 10, 1)
    known = calls.situation([CALL_2027, CALL_2028], datetime(2027, 3, 1))
    assert known.refuses_cofinancing and known.next_expected == date(2027, 10, 15)


def test_before_any_call_has_closed_an_application_is_sent_and_waits():
    nothing = calls.situation([], datetime(2026, 5, 1))
    assert not nothing.refuses_cofinancing and nothing.waiting_call is None
    before_first = calls.situation([CALL_2027], datetime(2026, 5, 1))
    assert not before_first.refuses_cofinancing
    assert before_first.waiting_call is CALL_2027


def test_what_the_pages_say_in_each_language():
    open_texts = calls.situation_texts(calls.situation([CALL_2027], datetime(2026, 12, 1)))
    assert [t.render() for t in open_texts] == [
        "Co-financing: the deadline for the 2027 call is 20 January 2027 at 12:00 (Norwegian time)."
    ]
    closed = calls.situation_texts(calls.situation([CALL_2027], datetime(2027, 3, 1)))
    assert [t.render() for t in closed] == [
        "The 2027 call for co-financing closed on 20 January 2027 at 12:00.",
        "The next call is expected to open in October 2027, with the state budget proposal.",
    ]
    assert calls.situation_texts(calls.situation([], datetime(2027, 3, 1))) == ()


def test_overlapping_windows():
    assert not calls.overlaps(CALL_2027, CALL_2028)
    early = SampleCall(2029, date(2027, 1, 1), datetime(2027, 2, 1))
    assert calls.overlaps(CALL_2027, early)
    backwards = SampleCall(2030, date(2030, 2, 1), datetime(2030, 1, 1))
    assert calls.window_problem(backwards) is not None
    assert calls.window_problem(CALL_2027) is None
