"""Roles: a lead advisor is made at the command line, and `lead_required` lets only leads in."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.advisor.conftest import Account
from webapp.advisor.roles import lead_required, required_role
from webapp.extensions import db
from webapp.models import Advisor, AdvisorRole
from webapp.services import advisors

GOOD = "fjordgrønn kaffekopp"
SAMPLE_PATH = "/<lang:lang_code>/advisor/lead-sample"


def stored(app: Flask, email: str) -> Advisor | None:
    with app.app_context():
        advisor = advisors.find_advisor(email)
        if advisor is not None:
            db.session.expunge(advisor)
        return advisor


def create(runner, email: str, *flags: str):
    return runner.invoke(
        args=["advisors", "create", "--email", email, "--name", "Lena", *flags, "--password-stdin"],
        input=f"{GOOD}\n",
    )


def test_create_makes_a_plain_advisor_unless_lead_is_asked_for(app, runner):
    result = create(runner, "kari@example.no")
    assert result.exit_code == 0, result.output
    assert "Created the advisor" in result.output
    assert stored(app, "kari@example.no").role == AdvisorRole.ADVISOR
    result = create(runner, "lena@example.no", "--lead")
    assert result.exit_code == 0, result.output
    assert "Created the lead advisor" in result.output
    lead = stored(app, "lena@example.no")
    assert lead.role == AdvisorRole.LEAD and lead.is_lead


def test_set_role_changes_the_role_and_says_so(app, runner, advisor: Account):
    result = runner.invoke(args=["advisors", "set-role", advisor.email, "lead"])
    assert result.exit_code == 0, result.output
    assert "now a lead advisor" in result.output
    assert stored(app, advisor.email).is_lead
    result = runner.invoke(args=["advisors", "set-role", advisor.email, "lead"])
    assert "nothing changed" in result.output
    result = runner.invoke(args=["advisors", "set-role", advisor.email, "advisor"])
    assert result.exit_code == 0 and "now an advisor" in result.output
    assert not stored(app, advisor.email).is_lead


def test_set_role_refuses_unknown_roles_and_accounts(runner, advisor: Account):
    result = runner.invoke(args=["advisors", "set-role", advisor.email, "admin"])
    assert result.exit_code == 2
    result = runner.invoke(args=["advisors", "set-role", "nobody@example.no", "lead"])
    assert result.exit_code == 1
    assert "no advisor" in result.output


def test_the_service_refuses_an_unknown_role(app):
    with app.app_context(), pytest.raises(advisors.AccountError, match="no role"):
        advisors.create_advisor("kari@example.no", "Kari", GOOD, role="boss")


def test_list_shows_each_account_with_its_role(runner, advisor: Account, lead_advisor: Account):
    result = runner.invoke(args=["advisors", "list"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert f"{advisor.email}\tadvisor\t{advisor.name}" in lines
    assert f"{lead_advisor.email}\tlead\t{lead_advisor.name}" in lines


@pytest.fixture
def sample_route(app: Flask) -> str:
    """A lead advisor's page outside the advisor blueprint: the decorator guards on its own."""

    @lead_required
    def lead_sample(lang_code: str = "en") -> str:
        return "<!doctype html><title>ok</title>lead only"

    app.add_url_rule(SAMPLE_PATH, "lead_sample", lead_sample, methods=["GET", "POST"])
    assert required_role(lead_sample) == "lead"
    return "/en/advisor/lead-sample"


def test_anonymous_visitors_go_to_the_login_page(client, sample_route):
    response = client.get(sample_route)
    assert response.status_code == 303
    assert response.location.startswith("/en/advisor/login?next=/en/advisor/lead-sample")


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("en", "Only lead advisors can do this"),
        ("nb", "Bare ledende saksbehandlere kan gjøre dette"),
        ("nn", "Berre leiande saksbehandlarar kan gjere dette"),
    ],
)
def test_a_plain_advisor_gets_a_page_that_says_why(sample_route, pages, logged_in, lang, heading):
    page = pages.get(f"/{lang}/advisor/lead-sample", status=403)
    assert page.select_one("h1").get_text(strip=True) == heading
    assert page.select_one("a[href$='/advisor/']")


def test_a_lead_advisor_gets_through(client, auth, lead_advisor: Account, sample_route):
    assert auth.login(lead_advisor).status_code == 303
    response = client.get(sample_route)
    assert response.status_code == 200
    assert b"lead only" in response.data


def test_the_layout_names_the_lead_role(pages, auth, lead_advisor: Account, advisor: Account):
    auth.login(lead_advisor)
    assert "Logged in as Lena Leder, lead advisor" in pages.get("/en/advisor/").get_text()
    auth.logout()
    auth.login(advisor)
    text = pages.get("/en/advisor/").get_text()
    assert "Logged in as Kari Nordmann" in text and "lead advisor" not in text


def test_a_new_role_applies_at_the_next_request(app, client, auth, advisor: Account, sample_route):
    auth.login(advisor)
    assert client.get(sample_route).status_code == 403
    with app.app_context():
        advisors.set_role(advisor.email, AdvisorRole.LEAD)
        db.session.commit()  # as the command does
    assert client.get(sample_route).status_code == 200
