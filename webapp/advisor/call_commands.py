"""`flask calls …`: the co-financing calls at the command line (lead advisors use the pages too)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup

from forms import calls as call_rules
from forms.formatting import format_date_long, format_nok
from forms.text import N_, Text, text

from ..extensions import db
from ..models import Application, Call, utcnow
from ..services import calls

calls_cli = AppGroup("calls", help="Create and list the yearly co-financing calls.")

# The service's field names as the options that give them.
OPTION_NAMES = {
    "year": "--year",
    "pot": "--pot",
    "opens_on": "--opens",
    "deadline": "--deadline",
    "ruleset_id": "--ruleset",
    "answers_expected_on": "--answers-expected",
}


def _read(problems: dict[str, Text], name: str, parse: Callable[[], Any]) -> Any:
    try:
        return parse()
    except call_rules.CallValueError as error:
        problems[name] = error.message
        return None


def _fail(problems: dict[str, Text]) -> None:
    lines = [
        f"{OPTION_NAMES.get(name, name)}: {problem.render()}" for name, problem in problems.items()
    ]
    raise click.ClickException("the call was not created.\n  " + "\n  ".join(lines))


def kroner(amount: int) -> str:
    # A terminal needs no no-break spaces.
    return format_nok(amount, "en").replace("\u00a0", " ")


def deadline_text(call: Call) -> str:
    local = call_rules.in_norway(call.deadline_at)
    return f"{format_date_long(local.date(), 'en')} at {local:%H:%M} (Norwegian time)"


@calls_cli.command("create")
@click.option("--year", required=True, help="The year of the call, e.g. 2027.")
@click.option("--pot", required=True, help="The pot in NOK, e.g. 190000000 or '190 MNOK'.")
@click.option("--opens", required=True, help="The day the call opens, YYYY-MM-DD.")
@click.option(
    "--deadline", required=True, help="The deadline in Norwegian time, 'YYYY-MM-DD HH:MM'."
)
@click.option("--ruleset", help="The rule set the call runs under (default: the one in force).")
@click.option("--answers-expected", help="The day applicants can expect an answer, YYYY-MM-DD.")
def create_command(
    year: str,
    pot: str,
    opens: str,
    deadline: str,
    ruleset: str | None,
    answers_expected: str | None,
) -> None:
    """Create a call. Applications that wait for the next call join it."""
    problems: dict[str, Text] = {}
    details = {
        "year": _read(problems, "year", lambda: call_rules.parse_year(year)),
        "pot": _read(problems, "pot", lambda: call_rules.parse_pot(pot)),
        "opens_on": _read(
            problems,
            "opens_on",
            lambda: call_rules.parse_day(opens, text(N_("Enter the day the call opens."))),
        ),
        "deadline_at": _read(problems, "deadline", lambda: call_rules.parse_deadline(deadline)),
        "answers_expected_on": None
        if not answers_expected
        else _read(
            problems,
            "answers_expected_on",
            lambda: call_rules.parse_day(answers_expected, text(N_("Enter a date."))),
        ),
        "ruleset_id": ruleset or current_app.config["VEIVISER_RULESET"],
    }
    if (unknown := calls.ruleset_problem(details["ruleset_id"])) is not None:
        problems["ruleset_id"] = unknown
    if problems:
        _fail(problems)
    try:
        call = calls.create_call(calls.CallDetails(**details))
    except calls.CallInvalid as invalid:
        _fail(invalid.problems)
    joined = db.session.query(Application).filter(Application.call_id == call.id).count()
    db.session.commit()
    click.echo(
        f"Created the call for {call.year}: pot {kroner(call.pot)}, opens "
        f"{format_date_long(call.opens_on, 'en')}, deadline {deadline_text(call)}, "
        f"rule set {call.ruleset_id}."
    )
    if joined:
        click.echo(f"{joined} application(s) waiting for the next call joined it.")


@calls_cli.command("list")
def list_command() -> None:
    """List the calls, newest first: year, state, pot, opens, deadline, rule set."""
    all_calls = calls.all_calls()
    if not all_calls:
        click.echo("There are no calls yet. Create one with: flask calls create --help")
        return
    now = utcnow()
    for call in all_calls:
        state = call_rules.call_state(call, now)
        expected = (
            format_date_long(call.answers_expected_on, "en") if call.answers_expected_on else "–"
        )
        click.echo(
            "\t".join(
                [
                    str(call.year),
                    state,
                    kroner(call.pot),
                    format_date_long(call.opens_on, "en"),
                    deadline_text(call),
                    f"answers {expected}",
                    call.ruleset_id,
                ]
            )
        )
