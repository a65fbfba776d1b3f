"""Advisor accounts from the command line: create, disable, reset the password."""

from __future__ import annotations

import pytest
from werkzeug.security import check_password_hash

from webapp.extensions import db
from webapp.models import Advisor
from webapp.services import advisors

GOOD = "tre blå hester i snøen"


def stored(app, email: str) -> Advisor | None:
    with app.app_context():
        advisor = advisors.find_advisor(email)
        if advisor is not None:
            db.session.expunge(advisor)
        return advisor


@pytest.mark.parametrize(
    "password, problem",
    [
        ("kort passord", None),  # exactly 12 characters is enough
        ("elleve tegn", "at least 12 characters"),
        ("", "at least 12 characters"),
        ("passwordpassword", "too common"),
        ("Password2024!!", "too common"),
        ("123456789012", "too common"),
        ("  qwertyuiop  ", "too common"),
        ("sommer2025!!!", "too common"),
        ("aaaaaaaaaaaaaaa", "too common"),
        ("kari.nordmann is me", "must not contain the e-mail"),
        ("MyVeiviserPassword9", "name of the service"),
        ("x" * 257, "at most 256"),
    ],
)
def test_password_rules(password, problem):
    problems = advisors.password_problems(password, "kari.nordmann@example.no")
    if problem is None:
        assert problems == []
    else:
        assert any(problem in text for text in problems), problems


def test_the_common_password_list_ships_with_the_package():
    common = advisors.common_passwords()
    assert {"password", "123456789", "passord", "qwertyuiop"} <= common
    assert all(word == word.strip().lower() for word in common)


def test_create_prompts_twice_without_echo_and_hashes_with_scrypt(app, runner):
    result = runner.invoke(
        args=["advisors", "create", "--email", "Kari.Nordmann@Example.no", "--name", "Kari"],
        input=f"{GOOD}\n{GOOD}\n",
    )
    assert result.exit_code == 0, result.output
    assert GOOD not in result.output  # hidden input
    assert "Repeat the password" in result.output
    advisor = stored(app, "kari.nordmann@example.no")
    assert advisor.email == "kari.nordmann@example.no"
    assert advisor.password_hash.startswith("scrypt:")
    assert check_password_hash(advisor.password_hash, GOOD)
    assert advisor.active


def test_create_with_password_on_stdin(app, runner):
    result = runner.invoke(
        args=[
            "advisors",
            "create",
            "--email",
            "ola@example.no",
            "--name",
            "Ola",
            "--password-stdin",
        ],
        input=f"{GOOD}\n",
    )
    assert result.exit_code == 0, result.output
    assert check_password_hash(stored(app, "ola@example.no").password_hash, GOOD)


def test_create_refuses_a_weak_password_and_a_second_account(app, runner):
    args = ["advisors", "create", "--email", "ola@example.no", "--name", "Ola", "--password-stdin"]
    result = runner.invoke(args=args, input="password1234\n")
    assert result.exit_code == 1
    assert "too common" in result.output
    assert stored(app, "ola@example.no") is None
    assert runner.invoke(args=args, input=f"{GOOD}\n").exit_code == 0
    result = runner.invoke(args=args, input=f"{GOOD}\n")
    assert result.exit_code == 1
    assert "already an advisor" in result.output


def test_disable_ends_the_sessions(app, runner, client, logged_in):
    assert client.get("/en/advisor/").status_code == 200
    token = stored(app, logged_in.email).session_token
    result = runner.invoke(args=["advisors", "disable", logged_in.email])
    assert result.exit_code == 0, result.output
    advisor = stored(app, logged_in.email)
    assert not advisor.active
    assert advisor.session_token != token
    assert client.get("/en/advisor/").status_code == 303


def test_reset_password_ends_the_sessions(app, runner, client, auth, logged_in):
    result = runner.invoke(
        args=["advisors", "reset-password", logged_in.email, "--password-stdin"],
        input=f"{GOOD}\n",
    )
    assert result.exit_code == 0, result.output
    assert client.get("/en/advisor/").status_code == 303
    assert auth.login(logged_in).status_code == 200  # the old password no longer works
    assert auth.login(logged_in, password=GOOD).status_code == 303


def test_reset_password_checks_the_rules_and_the_account(app, runner, logged_in):
    result = runner.invoke(
        args=["advisors", "reset-password", logged_in.email, "--password-stdin"],
        input="short\n",
    )
    assert result.exit_code == 1 and "at least 12" in result.output
    result = runner.invoke(args=["advisors", "reset-password", "nobody@example.no"])
    assert result.exit_code == 1 and "no advisor" in result.output
    result = runner.invoke(args=["advisors", "disable", "nobody@example.no"])
    assert result.exit_code == 1 and "no advisor" in result.output
