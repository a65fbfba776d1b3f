"""Every field is validated on the server; errors are summarised, shown inline, input kept."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.apply.journey import (
    APPLICANT,
    COFINANCING,
    PROJECT,
    answer_until_result,
    post_step,
    step_url,
    walk_to_check,
)
from webapp.extensions import db
from webapp.models import Application


def errors_of(pages, response) -> dict[str, str]:
    """field name → inline error text, after checking the summary links to the same field."""
    assert response.status_code == 200
    page = pages.page(response)
    assert page.title.get_text().startswith("Error:")
    summary = {
        a["href"].lstrip("#"): a.get_text(strip=True) for a in page.select(".error-summary a")
    }
    inline = {}
    for message in page.select(".error-message"):
        field_id = message["id"].removesuffix("-error")
        inline[field_id] = message.get_text(" ", strip=True).removeprefix("Error:").strip()
        target = field_id if field_id in summary else f"{field_id}-0"
        assert summary[target] == inline[field_id]
        control = page.select_one(f"#{target}")
        described = control.get("aria-describedby") or control.find_parent("fieldset").get(
            "aria-describedby"
        )
        assert message["id"] in described.split()
    return inline


def test_empty_applicant_step_lists_every_required_field(pages):
    errors = errors_of(pages, post_step(pages, "en", "applicant", {}))
    assert set(errors) == {
        "agency_name",
        "org_number",
        "legal_form",
        "ministry",
        "agency_head",
        "contact_name",
        "contact_email",
    }
    assert errors["agency_name"] == "Enter the name of the agency"


@pytest.mark.parametrize(
    ("field", "value", "message_part"),
    [
        ("org_number", "123456789", "not a valid organisation number"),
        ("org_number", "12345", "exactly nine digits"),
        ("contact_email", "ola@", "right format"),
        ("contact_phone", "abc", "at least 8 digits"),
        ("legal_form", "kingdom", "Choose one of the options"),
        ("ministry", "xyz", "Not a valid choice"),
        ("agency_name", "x" * 201, "at most 200 characters"),
    ],
)
def test_applicant_field_errors(pages, field, value, message_part):
    errors = errors_of(pages, post_step(pages, "en", "applicant", {**APPLICANT, field: value}))
    assert list(errors) == [field]
    assert message_part in errors[field]


def test_input_is_kept_after_an_error(pages):
    data = {**APPLICANT, "org_number": "123456789"}
    page = pages.page(post_step(pages, "en", "applicant", data))
    assert page.select_one("#agency_name")["value"] == APPLICANT["agency_name"]
    assert page.select_one("#org_number")["value"] == "123456789"
    assert page.select_one("#org_number")["aria-invalid"] == "true"
    assert page.select_one("input[name=legal_form][value=state_agency]").has_attr("checked")


def test_valid_org_numbers_with_spaces_are_accepted(pages):
    assert (
        post_step(pages, "en", "applicant", {**APPLICANT, "org_number": "991 825 827"}).status_code
        == 303
    )


def test_control_characters_are_stripped(pages, app):
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import Application

    data = {**APPLICANT, "agency_name": "Stat\x00ens\x1b veg\x07vesen \r\n"}
    assert post_step(pages, "en", "applicant", data).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Application)).answers["agency_name"] == "Statens vegvesen"


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [
        ("2027-03", "2027-04", True),
        ("2027-03", "2027-03", False),
        ("2027-03", "2026-12", False),
        ("03.2027", "12/2029", True),
        ("2027-13", "2028-01", False),
        ("mars", "2028-01", False),
    ],
)
def test_planned_end_after_start(pages, start, end, ok):
    post_step(pages, "en", "applicant", APPLICANT)
    response = post_step(
        pages, "en", "project", {**PROJECT, "planned_start": start, "planned_end": end}
    )
    assert (response.status_code == 303) is ok


@pytest.mark.parametrize(
    ("typed", "ok"),
    [
        ("12500000", True),
        ("12 500 000", True),
        ("12.500.000", True),
        ("12,5 mill.", True),
        ("12,5 MNOK", True),
        ("", False),
        ("-5", False),
        ("12 500 000,50", False),
        ("lots", False),
        ("0", False),
        ("999999999999999", False),
    ],
)
def test_total_cost_accepts_what_people_type(pages, typed, ok):
    post_step(pages, "en", "applicant", APPLICANT)
    post_step(pages, "en", "project", PROJECT)
    response = post_step(pages, "en", "budget", {"total_cost": typed, "estimate_kind": "p50"})
    assert (response.status_code == 303) is ok
    if not ok:
        assert errors_of(pages, response)["total_cost"]


def test_scheme_must_be_chosen_and_eligible(pages):
    answer_until_result(pages, "en", total_cost="7 000 000")
    assert "schemes" in errors_of(pages, post_step(pages, "en", "result", {}))
    errors = errors_of(pages, post_step(pages, "en", "result", {"schemes": ["cofinancing"]}))
    assert errors["schemes"]


@pytest.mark.parametrize(
    ("total_cost", "requested", "ok"),
    [
        ("12 500 000", "6 250 000", True),
        ("12 500 000", "6 250 001", False),
        ("40 000 000", "20 000 000", True),
        ("40 000 000", "20 000 001", False),
        ("60 000 000", "30 000 000", True),
        ("60 000 000", "30 000 001", False),
        ("12 500 000", "0", False),
    ],
)
def test_requested_amount_within_the_ceiling(pages, total_cost, requested, ok):
    answer_until_result(pages, "en", total_cost=total_cost)
    post_step(pages, "en", "result", {"schemes": ["cofinancing"]})
    response = post_step(pages, "en", "cofinancing", {**COFINANCING, "requested_amount": requested})
    assert (response.status_code == 303) is ok
    if not ok:
        assert "requested_amount" in errors_of(pages, response)


def cofinancing_step(pages, **changes):
    answer_until_result(pages, "en")
    post_step(pages, "en", "result", {"schemes": ["cofinancing"]})
    return post_step(pages, "en", "cofinancing", {**COFINANCING, **changes})


def test_blank_cells_are_zero(pages, app):
    blank_running = {f"yearly_figures-{t}-running_cost": "" for t in range(10)}
    assert cofinancing_step(pages, **blank_running).status_code == 303
    with app.app_context():
        rows = db.session.scalar(select(Application)).answers["yearly_figures"]
    assert [row["running_cost"] for row in rows] == [0] * 10


def test_amounts_in_the_table_are_read_as_people_type_them(pages, app):
    response = cofinancing_step(pages, **{"yearly_figures-1-investment_cost": "2,5 mill."})
    assert response.status_code == 303
    with app.app_context():
        rows = db.session.scalar(select(Application)).answers["yearly_figures"]
    assert rows[1]["investment_cost"] == 2_500_000


def test_an_unreadable_cell_names_the_year_and_column_and_keeps_the_input(pages):
    response = cofinancing_step(pages, **{"yearly_figures-2-benefit_municipalities": "mye"})
    page = pages.page(response)
    summary = page.select_one(".error-summary a")
    assert summary["href"] == "#yearly_figures-2-benefit_municipalities"
    assert summary.get_text().startswith("2029, Municipalities:")
    cell = page.select_one("#yearly_figures-2-benefit_municipalities")
    assert cell["value"] == "mye" and cell["aria-invalid"] == "true"
    # What else was typed is still there.
    assert page.select_one("#yearly_figures-0-investment_cost")["value"] == "12 500 000"


def test_the_table_needs_an_investment(pages):
    no_investment = {f"yearly_figures-{t}-investment_cost": "" for t in range(10)}
    page = pages.page(cofinancing_step(pages, **no_investment))
    message = "Enter the investment cost for at least one year."
    link = page.select_one(".error-summary a")
    assert link.get_text(strip=True) == message
    assert link["href"] == "#yearly_figures-0-investment_cost"
    assert message in page.select_one("#yearly_figures-error").get_text()
    assert "yearly_figures-error" in page.select_one("#yearly_figures fieldset")["aria-describedby"]


def test_the_table_has_a_row_per_year_of_the_rule_set(pages):
    answer_until_result(pages, "en")
    post_step(pages, "en", "result", {"schemes": ["cofinancing"]})
    page = pages.get(step_url("en", "cofinancing"))
    years = [th.get_text(" ", strip=True) for th in page.select("#yearly_figures tbody th")]
    assert years == [str(2027 + t) for t in range(10)]
    assert "today's kroner" in page.select_one("#yearly_figures-hint").get_text()
    assert "expected values" in page.select_one("#yearly_figures-hint").get_text()


@pytest.mark.parametrize(
    ("lang", "title_prefix", "summary"),
    [
        ("nb", "Feil:", "Det er et problem"),
        ("nn", "Feil:", "Det er eit problem"),
        ("en", "Error:", "There is a problem"),
    ],
)
def test_errors_in_the_users_language(pages, lang, title_prefix, summary):
    response = post_step(pages, lang, "applicant", {})
    page = pages.page(response)
    assert page.title.get_text().startswith(title_prefix)
    assert page.select_one(".error-summary h2").get_text(strip=True) == summary
    texts = [a.get_text() for a in page.select(".error-summary a")]
    if lang != "en":
        assert "Enter the name of the agency" not in texts


def test_radio_groups_are_fieldsets_with_legends(pages):
    page = pages.get("/en/apply/applicant")
    fieldset = page.select_one("input[name=legal_form]").find_parent("fieldset")
    assert fieldset.legend.get_text(strip=True) == "What kind of body is the agency?"
    assert page.select_one("#contact_email")["autocomplete"] == "email"
    assert page.select_one("#contact_name")["autocomplete"] == "name"
    assert page.select_one("#agency_name")["autocomplete"] == "organization"


def test_save_later_keeps_valid_fields_of_an_unfinished_page(pages, app):
    walk_to_check(pages, "en")
    data = {**APPLICANT, "org_number": "bad", "action": "save_later"}
    response = post_step(pages, "en", "applicant", data)
    assert response.status_code == 303
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import Application

    with app.app_context():
        answers = db.session.scalar(select(Application)).answers
    assert answers["org_number"] == "971032081"  # the invalid input did not overwrite it


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"total_cost": "12 500 000"}, "estimate_kind"),
        ({"total_cost": "12 500 000", "estimate_kind": "p99"}, "estimate_kind"),
        ({"total_cost": "12 500 000", "estimate_kind": "none"}, "total_cost"),
        ({"total_cost": "", "estimate_kind": "p50"}, "total_cost"),
        # Near the project-model threshold only the P85 figure tells: it must be given.
        ({"total_cost": "250 000 000", "estimate_kind": "p50"}, "p85_cost"),
        (
            {"total_cost": "250 000 000", "estimate_kind": "p50", "p85_cost": "240 000 000"},
            "p85_cost",
        ),
    ],
)
def test_budget_estimate_kind_and_p85(pages, data, field):
    post_step(pages, "en", "applicant", APPLICANT)
    post_step(pages, "en", "project", PROJECT)
    response = post_step(pages, "en", "budget", data)
    assert response.status_code == 200
    assert field in errors_of(pages, response)
    assert pages.page(response).select_one(".error-summary")


def test_p85_decides_the_project_model(pages):
    post_step(pages, "en", "applicant", APPLICANT)
    post_step(pages, "en", "project", PROJECT)
    data = {"total_cost": "280 000 000", "estimate_kind": "p50", "p85_cost": "320 000 000"}
    response = post_step(pages, "en", "budget", data)
    assert response.status_code == 303
    page = pages.get(response.location)
    assert page.h1.get_text(strip=True) == "Your project follows the state project model"
    assert not page.select(".steps")  # an exit page has no step counter
    assert "The cost frame (P85), NOK 320 million, is above NOK 300 million" in page.get_text(
        " ", strip=True
    ).replace("\u00a0", " ")
