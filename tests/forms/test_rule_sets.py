"""Rule sets are data: the shipped ones load, broken ones fail loudly, new ones need no code."""

from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from forms.routing import eligible_schemes, grant_ceiling, route_application
from forms.rulesets import (
    BUILTIN_DIR,
    DEFAULT_RULESET_ID,
    MonthDay,
    ReportingDates,
    RuleSetError,
    available_rulesets,
    load_ruleset,
    load_ruleset_file,
)

DIFI_TEXT = (BUILTIN_DIR / "difi-2018.toml").read_text(encoding="utf-8")


def test_shipped_rule_sets():
    assert available_rulesets() == ["difi-2018", "digdir-10-100", "digdir-2020"]
    assert DEFAULT_RULESET_ID == "digdir-10-100"


def test_current_regime(current):
    """Digdir's current page: 10–100 MNOK incl. internal salaries, at most 50 % (so at most
    50 MNOK), granted over at most three budget years for a project of at most four, decisive."""
    (band,) = current.cofinancing.bands
    assert (band.min, band.max, band.share, band.cap, band.category) == (
        10_000_000,
        100_000_000,
        Fraction(1, 2),
        None,
        None,
    )
    assert band.max_grant(100_000_000) == 50_000_000
    rules = current.cofinancing
    assert (rules.max_grant_years, rules.max_project_years, rules.must_be_decisive) == (3, 4, True)
    assert not rules.has_categories and rules.life_events == ()
    assert rules.eligible_phases == {"planning"} and rules.not_yet_phases == {"idea", "concept"}
    # The sources give no start date; the regime is in force and replaces digdir-2020.
    assert (current.valid_from, current.valid_to, current.superseded_by) == (None, None, None)
    assert not current.is_expired(date(2026, 12, 1))
    assert (current.council.min, current.council.max, current.council.no_estimate) == (
        None,
        None,
        True,
    )
    assert (current.project_model_above, current.project_model_basis) == (300_000_000, "p85")
    assert current.ask_p85_from == 200_000_000
    assert current.source.startswith("Digdir") and "/1962" in current.source
    # Reports after the grant (digdir.no /3021): 1 March, 1 October, the final one by 1 March.
    assert current.cofinancing.reporting == ReportingDates(
        annual_report=MonthDay(3, 1), forecast=MonthDay(10, 1), final_report=MonthDay(3, 1)
    )


def test_reporting_dates_are_given_where_a_source_gives_them(difi, digdir, current):
    assert digdir.cofinancing.reporting == current.cofinancing.reporting
    assert difi.cofinancing.reporting is None  # not established for 2018


def test_expiry(difi, digdir, current):
    assert not difi.is_expired(date(2019, 9, 20))
    assert difi.is_expired(date(2019, 9, 21))
    assert digdir.superseded_by == "digdir-10-100" and digdir.is_expired(date(2020, 1, 1))


def test_seven_priority_life_events(digdir):
    events = digdir.cofinancing.life_events
    assert [event.code for event in events] == [
        "having_a_child",
        "seriously_ill_child",
        "losing_and_finding_a_job",
        "new_in_norway",
        "death_and_inheritance",
        "voluntary_organisation",
        "running_a_business",
    ]
    assert all(event.name_for(lang) for event in events for lang in ("nb", "nn", "en"))
    assert digdir.cofinancing.life_event("new_in_norway").name_for("nn") == "Ny i Noreg"


def test_difi_2018_thresholds(difi):
    assert difi.title and difi.source.startswith("Difi")
    assert (difi.valid_from, difi.valid_to) == (date(2018, 1, 1), date(2019, 9, 20))
    (band,) = difi.cofinancing.bands
    assert (band.min, band.max, band.share, band.cap) == (
        5_000_000,
        50_000_000,
        Fraction(1, 2),
        15_000_000,
    )
    assert band.category is None and not band.requires_basis
    assert difi.cofinancing.eligible_phases == {"planning"}
    assert difi.cofinancing.not_yet_phases == {"idea", "concept"}
    assert difi.cofinancing.legal_forms == {
        "state_agency",
        "state_agency_special_powers",
        "state_enterprise",
    }
    assert (difi.council.min, difi.council.max) == (10_000_000, 750_000_000)
    assert difi.council.legal_forms == difi.cofinancing.legal_forms | {"state_owned_company"}
    assert not difi.council.no_estimate and difi.project_model_basis == "total"
    assert (difi.project_model_above, difi.own_funding_below) == (750_000_000, 5_000_000)
    assert (difi.discount_rate, difi.analysis_years) == (Fraction(1, 25), 10)


def test_digdir_2020_thresholds(digdir):
    one, two = sorted(digdir.cofinancing.bands, key=lambda band: band.category)
    assert (one.category, one.min, one.max, one.share, one.cap) == (
        1,
        5_000_000,
        50_000_000,
        Fraction(1, 2),
        15_000_000,
    )
    assert (two.category, two.min, two.max, two.share, two.cap) == (
        2,
        5_000_000,
        100_000_000,
        Fraction(17, 20),
        None,
    )
    assert two.requires_basis and not one.requires_basis
    assert (digdir.council.min, digdir.council.max) == (10_000_000, 300_000_000)
    assert (digdir.project_model_above, digdir.project_model_basis) == (300_000_000, "p85")
    assert digdir.valid_from == date(2019, 9, 21) and digdir.valid_to is None


@pytest.mark.parametrize(
    ("ruleset_id", "cost", "basis", "expected"),
    [
        ("difi-2018", 10_000_000, "none", 5_000_000),
        ("difi-2018", 30_000_000, "none", 15_000_000),  # the cap, not 50 %
        ("difi-2018", 30_000_001, "none", 15_000_000),
        ("difi-2018", 29_999_999, "none", 14_999_999),  # half, rounded down to whole kroner
        ("digdir-2020", 30_000_000, "none", 15_000_000),
        ("digdir-2020", 30_000_000, "shared_solution", 25_500_000),  # category 2: 85 %, no cap
        ("digdir-2020", 100_000_000, "seamless_services", 85_000_000),
        ("digdir-2020", 5_000_001, "shared_solution", 4_250_000),  # 4 250 000.85 rounded down
        ("digdir-10-100", 60_000_000, "none", 30_000_000),
        ("digdir-10-100", 100_000_000, "none", 50_000_000),
        ("digdir-10-100", 10_000_001, "none", 5_000_000),  # 5 000 000.5 rounded down
    ],
)
def test_grant_ceiling_per_rule_set_and_category(
    difi, digdir, current, ruleset_id, cost, basis, expected
):
    ruleset = {"difi-2018": difi, "digdir-2020": digdir, "digdir-10-100": current}[ruleset_id]
    answers = {
        "total_cost": cost,
        "phase": "planning",
        "legal_form": "state_agency",
        "category_basis": basis,
    }
    assert grant_ceiling(answers, ruleset) == expected
    assert route_application(answers, ruleset).outcome("cofinancing").max_grant == expected


def test_loads_are_cached():
    assert load_ruleset("digdir-2020") is load_ruleset("digdir-2020")


@pytest.mark.parametrize("bad_id", ["../difi-2018", "Difi-2018", "", "difi_2018", "a/b"])
def test_ids_that_could_be_paths_are_refused(bad_id):
    with pytest.raises(RuleSetError, match="not a rule set id"):
        load_ruleset(bad_id)


def test_unknown_id_lists_the_available_ones():
    with pytest.raises(RuleSetError, match="available: difi-2018, digdir-10-100, digdir-2020"):
        load_ruleset("difi-1999")


def write(directory: Path, name: str, content: str) -> Path:
    path = directory / name
    path.write_text(content, encoding="utf-8")
    return path


BROKEN = [
    ('id = "difi-2018"', 'id = "difi-2019"', "does not match the file name"),
    ('id = "difi-2018"', 'id = "Difi 2018"', "must be lower-case"),
    ('title = "Difi 2018', 'heading = "Difi 2018', "missing key(s) title"),
    ("valid_from = 2018-01-01", 'valid_from = "2018-01-01"', "valid_from must be a date"),
    ("valid_from = 2018-01-01", "valid_from = 2018-01-01T00:00:00", "valid_from must be a date"),
    ("valid_to = 2019-09-20", "valid_to = 2017-12-31", "valid_to is before valid_from"),
    ("analysis_years = 10", "analysis_years = 0", "analysis_years must be at least 1"),
    ("min = 5_000_000", "min = 60_000_000", "min (60000000) is greater than max (50000000)"),
    ("min = 5_000_000", "min = true", "min must be a whole number"),
    ("min = 5_000_000", "min = 5e6", "min must be a whole number"),
    ("\nshare = 0.5", "\nshare = 1.5", "share must be a share in (0, 1]"),
    ("\nshare = 0.5", "\nshare = 0", "share must be a share in (0, 1]"),
    ("\nshare = 0.5", '\nshare = "half"', "share must be a number"),
    ("budget_cut_share = 0.5", "budget_cut_share = -0.5", "must be a share in [0, 1]"),
    ("cap = 15_000_000", "cap = 0", "cap must be at least 1"),
    ("cap = 15_000_000", "cap = 15_000_000\nceiling = 1", "unknown key(s) ceiling"),
    ('eligible_phases = ["planning"]', 'eligible_phases = ["planing"]', "unknown code(s) planing"),
    ('eligible_phases = ["planning"]', "eligible_phases = []", "must not be empty"),
    ('eligible_phases = ["planning"]', 'eligible_phases = ["idea"]', "both in eligible_phases"),
    ('"state_enterprise"]\n# Th', '"ngo"]\n# Th', "unknown code(s) ngo"),
    ("max = 750_000_000\nlegal", "max = 750_000_000\nstages = 1\nlegal", "unknown key(s) stages"),
    ("[project_model]\n", '[project_model]\nbasis = "p50"\n', "basis must be one of"),
    ("[project_model]\n", "[project_model]\nask_p85_from = 1\n", "needs basis"),
    ("\nshare = 0.5", "\nshare = 0.5\nrequires_basis = true", "life_events go with a band"),
    ("above = 750_000_000", "above = 700_000_000", "a project would get both"),
    ("below = 5_000_000", "below = 5_000_000\ntreshold = 1", "[own_funding]: unknown key(s)"),
    ("[[cofinancing.bands]]", "[cofinancing.bands]", "bands must be a non-empty array"),
    ("[npv]", "[npv", "not valid TOML"),
    ("tax_financing_share = 0.2", "tax_financing_share = 20", "must be a share in [0, 1]"),
    ("tax_financing_share = 0.2\n", "", "[npv]: missing key(s) tax_financing_share"),
    (
        'budget_saving_benefits = ["agency_budget"]',
        'budget_saving_benefits = ["time"]',
        "unknown code(s) time",
    ),
    (
        'budget_cut_benefits = ["agency_budget"]',
        "budget_cut_benefits = 1",
        "must be a list of strings",
    ),
    ("maturity = 0 }", "maturity = 10 }", "[cofinancing.ranking]: weights must add up to 100"),
    ("maturity = 0 }", "maturity_score = 0 }", "weights must give npv, benefits, gains, maturity"),
    (
        "[[2.0, 5], [1.0, 4]",
        "[[1.0, 5], [2.0, 4]",
        "npv_points must go from the highest bound down",
    ),
    (
        "[[2.0, 5], [1.0, 4]",
        "[[2.0, 6], [1.0, 4]",
        "each of npv_points must be [bound, points 1–5]",
    ),
    ("npv_points_below = 1", "npv_points_below = 3", "must not be more than the lowest step"),
    ("from_sources = false", 'from_sources = "no"', "from_sources must be true or false"),
    *(
        (
            "[[cofinancing.bands]]",
            f"[cofinancing.reporting]\n{reporting}\n\n[[cofinancing.bands]]",
            problem,
        )
        for reporting, problem in (
            (
                'annual_report = "02-30"\nforecast = "10-01"\nfinal_report = "03-01"',
                "annual_report must be a day of the year as MM-DD, not '02-30'",
            ),
            (
                'annual_report = "02-29"\nforecast = "10-01"\nfinal_report = "03-01"',
                "annual_report must be a day of the year as MM-DD, not '02-29'",
            ),
            (
                'annual_report = "03-01"\nforecast = "10-1"\nfinal_report = "03-01"',
                "forecast must be a day of the year as MM-DD, not '10-1'",
            ),
            (
                'annual_report = "3-001"\nforecast = "10-01"\nfinal_report = "03-01"',
                "annual_report must be a day of the year as MM-DD, not '3-001'",
            ),
            (
                'annual_report = "03-01"\nfinal_report = "03-01"',
                "[cofinancing.reporting]: missing key(s) forecast",
            ),
        )
    ),
]


@pytest.mark.parametrize(("old", "new", "problem"), BROKEN)
def test_a_broken_rule_set_fails_loudly_naming_file_and_problem(tmp_path, old, new, problem):
    assert old in DIFI_TEXT
    path = write(tmp_path, "difi-2018.toml", DIFI_TEXT.replace(old, new, 1))
    with pytest.raises(RuleSetError) as caught:
        load_ruleset_file(path)
    assert "difi-2018.toml" in str(caught.value)
    assert problem in str(caught.value)


def test_a_missing_file_is_a_rule_set_error(tmp_path):
    with pytest.raises(RuleSetError, match="cannot be read"):
        load_ruleset_file(tmp_path / "nowhere-2000.toml")


def test_an_extra_directory_may_not_redefine_a_shipped_rule_set(tmp_path):
    write(tmp_path, "difi-2018.toml", DIFI_TEXT)
    with pytest.raises(RuleSetError, match="defined twice"):
        load_ruleset("difi-2018", extra_dir=tmp_path)


THIRD_RULE_SET = """
id = "example-2030"
title = "Example 2030: a rule set added as data alone"
source = "Written for the test suite"
valid_from = 2030-01-01

[npv]
discount_rate = 0.03
analysis_years = 15
tax_financing_share = 0.2
budget_saving_benefits = ["agency_budget", "other_state"]

[cofinancing]
legal_forms = ["state_agency", "state_owned_company"]
eligible_phases = ["planning", "execution"]
not_yet_phases = ["concept"]
budget_cut_share = 0.25
budget_cut_benefits = ["agency_budget", "agency_capacity"]

[[cofinancing.bands]]
category = 7
min = 2_000_000
max = 20_000_000
share = 0.6
cap = 10_000_000

[council]
min = 20_000_000
max = 500_000_000
legal_forms = ["state_agency", "municipality"]

[project_model]
above = 500_000_000

[own_funding]
below = 2_000_000
"""


def test_a_third_rule_set_as_data_alone(tmp_path):
    write(tmp_path, "example-2030.toml", THIRD_RULE_SET)
    assert available_rulesets(tmp_path) == [
        "difi-2018",
        "digdir-10-100",
        "digdir-2020",
        "example-2030",
    ]
    example = load_ruleset("example-2030", extra_dir=tmp_path)
    assert example.discount_rate == Fraction(3, 100) and example.analysis_years == 15
    assert example.tax_financing_share == Fraction(1, 5)
    assert example.budget_saving_benefits == {"agency_budget", "other_state"}
    assert example.cofinancing.budget_cut_benefits == {"agency_budget", "agency_capacity"}

    def route(cost, phase, legal_form):
        answers = {"total_cost": cost, "phase": phase, "legal_form": legal_form}
        return route_application(answers, example)

    small = route(3_000_000, "execution", "state_owned_company")
    assert small.ruleset_id == "example-2030"
    assert [o.status for o in small.outcomes] == [
        "eligible",
        "not_eligible",
        "not_eligible",
        "not_eligible",
    ]
    assert small.outcome("cofinancing").category == 7
    assert small.outcome("cofinancing").max_grant == 1_800_000

    idea = route(3_000_000, "idea", "state_agency")
    assert idea.outcome("cofinancing").status == "not_eligible"
    early = [reason.render() for reason in idea.outcome("cofinancing").reasons]
    assert early == ["Co-financing is not open to projects in the “Idea” phase."]

    municipal = route(30_000_000, "planning", "municipality")
    assert eligible_schemes(municipal) == ("council",)
    assert municipal.outcome("council").stage == "preparation"

    assert route(500_000_001, "planning", "state_agency").outcome("project_model").is_eligible
    assert route(1_999_999, "planning", "state_agency").outcome("own_funding").is_eligible


def test_every_shipped_rule_set_says_how_a_call_is_ranked():
    # A call under a rule set without [cofinancing.ranking] could not be ranked at all.
    for ruleset_id in available_rulesets():
        assert load_ruleset(ruleset_id).cofinancing.ranking is not None, ruleset_id
