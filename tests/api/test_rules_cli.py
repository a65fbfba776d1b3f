"""`flask rules check` and `flask rules list`: the same answer as the API, at a terminal."""

from __future__ import annotations

import json

import pytest

from tests.api.helpers import get_eligibility

ARGS = ["--total-cost", "12500000", "--phase", "planning", "--legal-form", "state_agency"]
QUERY = {"total_cost": "12500000", "phase": "planning", "legal_form": "state_agency"}


def check(runner, *extra: str):
    return runner.invoke(args=["rules", "check", *ARGS, *extra])


def words(text: str) -> str:
    """Text with every run of spaces (NBSP too) as one space, to compare output and JSON."""
    return " ".join(text.split())


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
@pytest.mark.parametrize("ruleset", ["difi-2018", "digdir-2020", "digdir-10-100"])
def test_json_output_is_the_api_answer(runner, client, lang, ruleset):
    result = check(runner, "--json", "--lang", lang, "--ruleset", ruleset)
    assert result.exit_code == 0, result.output
    api = get_eligibility(client, **QUERY, lang=lang, ruleset=ruleset).get_json()
    assert json.loads(result.output) == api


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_text_output_says_what_the_api_says(runner, client, lang):
    result = check(runner, "--lang", lang)
    assert result.exit_code == 0, result.output
    api = get_eligibility(client, **QUERY, lang=lang).get_json()
    output = words(result.output)
    assert api["ruleset"]["title"] in output
    assert words(api["ruleset"]["source"]) in output
    for outcome in api["outcomes"]:
        assert f"{outcome['scheme_label']}: {outcome['status_label']}" in output
        for reason in outcome["reasons"]:
            assert words(reason) in output


def test_text_output_in_english(runner):
    result = check(runner, "--lang", "en")
    lines = result.output.splitlines()
    assert lines[0] == (
        "Digdir: co-financing of projects of 10–100 MNOK, the council in every phase"
        " (digdir-10-100)"
    )
    assert lines[1].startswith("Source: Digdir")
    assert lines[2] == "In force; the sources give no start date"
    assert "Co-financing of digitalisation projects: Eligible" in lines
    assert "  Maximum grant: NOK\u00a06.25\u00a0million" in lines
    assert "Digitalisation Council: Eligible" in lines
    assert not any(line.startswith("  Stage:") for line in lines)
    assert "State project model (KS1/KS2): Not eligible" in lines


def test_text_output_says_when_a_rule_set_has_expired(runner):
    result = check(runner, "--lang", "en", "--ruleset", "difi-2018")
    lines = result.output.splitlines()
    assert lines[2] == "Valid from 1 January 2018 to 20 September 2019"
    assert lines[3].startswith("These rules stopped applying after 20 September 2019.")


def test_no_estimate_yet_at_the_terminal(runner):
    result = runner.invoke(
        args=["rules", "check", "--estimate-kind", "none", "--phase", "idea",
              "--legal-form", "state_agency", "--lang", "en"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Project: no estimate yet" in result.output
    assert "Digitalisation Council: Eligible" in result.output.splitlines()


def test_category_and_open_validity_for_digdir_2020(runner):
    result = runner.invoke(
        args=[
            "rules", "check", "--total-cost", "60 mill.", "--phase", "planning",
            "--legal-form", "state_agency", "--cross-sector", "yes",
            "--category-basis", "shared_solution", "--ruleset", "digdir-2020", "--lang", "en",
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Valid from 21 September 2019" in result.output.splitlines()
    assert "  Category: 2" in result.output.splitlines()
    assert "  Maximum grant: NOK\u00a051\u00a0million" in result.output.splitlines()


@pytest.mark.parametrize(
    ("extra", "option", "message"),
    [
        (["--phase", "launch"], "--phase", "“phase” must be one of: idea, concept,"),
        (["--legal-form", "ngo"], "--legal-form", "“legal_form” must be one of:"),
        (["--cross-sector", "maybe"], "--cross-sector", "“cross_sector” must be one of: yes, no."),
        (["--ruleset", "difi-2017"], "--ruleset", "difi-2018, digdir-10-100, digdir-2020"),
        (["--estimate-kind", "p99"], "--estimate-kind", "early, p50, p85, none"),
        (["--lang", "de"], "--lang", "nb, nn, en"),
        (["--total-cost", "a lot"], "--total-cost", "Enter the amount as a number"),
    ],
)
def test_bad_input_is_a_usage_error_naming_the_option(runner, extra, option, message):
    result = check(runner, "--lang", "en", *extra)
    assert result.exit_code == 2
    assert f"Invalid value for '{option}'" in words(result.output)
    assert message in words(result.output)


def test_a_missing_option_is_a_usage_error(runner):
    result = runner.invoke(args=["rules", "check", "--total-cost", "12500000"])
    assert result.exit_code == 2
    assert "Missing option '--phase'" in result.output


@pytest.mark.parametrize("app_settings", [{"VEIVISER_RULESET": "digdir-2020"}])
def test_list_marks_the_rule_set_in_force(runner):
    result = runner.invoke(args=["rules", "list", "--lang", "en"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("  difi-2018  Difi 2018:")
    assert lines[1] == "    Valid from 1 January 2018 to 20 September 2019"
    assert lines[2].startswith("  digdir-10-100  Digdir: co-financing of projects of 10–100")
    assert lines[3] == "    In force; the sources give no start date"
    assert lines[4].startswith("* digdir-2020  Digdir 2020:")
    assert lines[5] == "    Valid from 21 September 2019"
    assert lines[-1] == "* in force (VEIVISER_RULESET)"


def test_check_uses_the_rule_set_in_force_by_default(runner):
    result = check(runner, "--json")
    assert json.loads(result.output)["ruleset"]["id"] == "digdir-10-100"
