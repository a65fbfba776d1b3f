"""`flask advisors …`: advisor accounts are made from the command line only."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from ..extensions import db
from ..models import AdvisorRole
from ..services import advisors, second_factor

advisors_cli = AppGroup("advisors", help="Create and manage advisor accounts.")

password_stdin_option = click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input (for scripts).",
)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt(
        "Password", hide_input=True, confirmation_prompt="Repeat the password", type=str
    )


@advisors_cli.command("create")
@click.option("--email", required=True, help="The advisor's e-mail address; they log in with it.")
@click.option("--name", required=True, help="The advisor's name, as shown in the audit trail.")
@click.option(
    "--lead",
    is_flag=True,
    help="A lead advisor: may also run calls, set amounts and send decisions.",
)
@password_stdin_option
def create_command(email: str, name: str, lead: bool, password_stdin: bool) -> None:
    """Create an advisor account (a plain advisor unless --lead)."""
    if advisors.find_advisor(email) is not None:
        raise click.ClickException(f"There is already an advisor with the e-mail address {email}.")
    password = _read_password(password_stdin)
    role = AdvisorRole.LEAD if lead else AdvisorRole.ADVISOR
    try:
        advisor = advisors.create_advisor(email, name, password, role=role)
    except advisors.AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    kind = "lead advisor" if advisor.is_lead else "advisor"
    click.echo(f"Created the {kind} {advisor.name} <{advisor.email}>.")


@advisors_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice([role.value for role in AdvisorRole]))
def set_role_command(email: str, role: str) -> None:
    """Make an advisor a lead advisor (lead) or a plain advisor (advisor)."""
    try:
        advisor, changed = advisors.set_role(email, role)
    except advisors.AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    if changed:
        click.echo(
            f"{advisor.email} is now {'a lead advisor' if advisor.is_lead else 'an advisor'}."
        )
    else:
        click.echo(f"{advisor.email} already had the role {advisor.role}; nothing changed.")


@advisors_cli.command("list")
def list_command() -> None:
    """List the advisor accounts with their roles."""
    for advisor in advisors.all_advisors():
        state = "" if advisor.active else " (disabled)"
        click.echo(f"{advisor.email}\t{advisor.role}\t{advisor.name}{state}")


@advisors_cli.command("disable")
@click.argument("email")
def disable_command(email: str) -> None:
    """Disable an account and end its sessions."""
    try:
        advisor = advisors.disable_advisor(email)
    except advisors.AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Disabled {advisor.email}; their sessions have ended.")


@advisors_cli.command("reset-password")
@click.argument("email")
@password_stdin_option
def reset_password_command(email: str, password_stdin: bool) -> None:
    """Set a new password and end the account's sessions."""
    if advisors.find_advisor(email) is None:
        raise click.ClickException(f"There is no advisor with the e-mail address {email}.")
    password = _read_password(password_stdin)
    try:
        advisor = advisors.reset_password(email, password)
    except advisors.AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Set a new password for {advisor.email}; their sessions have ended.")


@advisors_cli.command("reset-second-factor")
@click.argument("email")
def reset_second_factor_command(email: str) -> None:
    """Forget an advisor's second factor (a lost phone) and end their sessions; the next login
    sets up a new one."""
    advisor = advisors.find_advisor(email)
    if advisor is None:
        raise click.ClickException(f"There is no advisor with the e-mail address {email}.")
    second_factor.reset(advisor)
    advisors.end_sessions(advisor)
    db.session.commit()
    click.echo(f"Reset the second factor of {advisor.email}; their sessions have ended.")
