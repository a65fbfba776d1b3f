"""`flask calls create` and `flask calls list`: clear errors, never a traceback."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from webapp.extensions import db
from webapp.models import Call
from webapp.services import calls

CREATE = [
    "calls",
    "create",
    "--year",
    "2027",
    "--pot",
    "190000000",
    "--opens",
    "2026-10-15",
    "--deadline",
    "2027-01-20 12:00",
    "--ruleset",
    "digdir-10-100",
]


def with_option(name: str, value: str) -> list[str]:
    args = list(CREATE)
    args[args.index(name) + 1] = value
    return args


def test_create_stores_the_call_with_the_deadline_in_utc(app, runner):
    result = runner.invoke(args=[*CREATE, "--answers-expected", "2027-05-15"])
    assert result.exit_code == 0, result.output
    assert "Created the call for 2027" in result.output
    assert "20 January 2027 at 12:00 (Norwegian time)" in result.output
    with app.app_context():
        call = calls.find_call(2027)
        assert call.pot == 190_000_000 and call.ruleset_id == "digdir-10-100"
        assert call.opens_on == date(2026, 10, 15)
        assert call.deadline_at == datetime(2027, 1, 20, 11, 0)  # 12:00 CET is 11:00 UTC
        assert call.answers_expected_on == date(2027, 5, 15)


def test_the_rule_set_defaults_to_the_one_in_force(app, runner):
    args = CREATE[: CREATE.index("--ruleset")]
    assert runner.invoke(args=args).exit_code == 0
    with app.app_context():
        assert calls.find_call(2027).ruleset_id == app.config["VEIVISER_RULESET"]


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--year", "27", "--year: Enter the year as four digits"),
        ("--pot", "lots", "--pot: Enter the amount as a number"),
        ("--pot", "0", "--pot: The pot must be more than 0 kroner."),
        ("--opens", "15.10.2026", "--opens: Enter a real date"),
        ("--opens", "2027-02-01", "--deadline: The deadline must come after the day"),
        ("--deadline", "2027-01-20", "--deadline: Enter the deadline as a date and a time"),
        ("--deadline", "2027-03-28 02:30", "--deadline: The clocks in Norway skip 02:30"),
        ("--ruleset", "difi-1999", "--ruleset: There is no rule set “difi-1999”"),
    ],
)
def test_bad_values_are_refused_with_the_option_named(app, runner, option, value, message):
    result = runner.invoke(args=with_option(option, value))
    assert result.exit_code == 1
    assert "Traceback" not in result.output and result.exception.__class__ is SystemExit
    assert message in result.output
    with app.app_context():
        assert db.session.query(Call).count() == 0


def test_a_second_call_for_the_year_or_one_that_overlaps_is_refused(runner):
    assert runner.invoke(args=CREATE).exit_code == 0
    again = runner.invoke(args=CREATE)
    assert again.exit_code == 1
    assert "--year: There is already a call for 2027." in again.output
    overlapping = runner.invoke(args=with_option("--year", "2028"))
    assert "--opens: The call would be open at the same time as the call for 2027." in (
        overlapping.output
    )


def test_list_shows_every_call_newest_first(runner):
    assert "There are no calls yet" in runner.invoke(args=["calls", "list"]).output
    assert runner.invoke(args=CREATE).exit_code == 0
    later = with_option("--year", "2028")
    later = [*later]
    later[later.index("--opens") + 1] = "2027-10-15"
    later[later.index("--deadline") + 1] = "2028-01-20 12:00"
    assert runner.invoke(args=later).exit_code == 0, "a later call"
    lines = runner.invoke(args=["calls", "list"]).output.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["2028", "2027"]
    assert "NOK 190,000,000" in lines[1] and "digdir-10-100" in lines[1]
