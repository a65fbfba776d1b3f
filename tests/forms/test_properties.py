"""Properties that must hold for any input, checked with Hypothesis."""

from hypothesis import given, settings
from hypothesis import strategies as st

from forms import formatting
from forms.money import MAX_AMOUNT, parse_amount
from forms.npv import cofinancing_figures
from forms.routing import route_application
from forms.rulesets import LEGAL_FORMS, PHASES, SCHEMES
from forms.yearly import YEAR_COLUMNS

LOCALES = st.sampled_from(["nb", "nn", "en"])
AMOUNTS = st.integers(min_value=0, max_value=MAX_AMOUNT)
# Costs cluster around the thresholds, where mistakes live.
THRESHOLDS = [5, 10, 50, 100, 300, 750]
COSTS = st.one_of(
    st.integers(min_value=0, max_value=2_000_000_000),
    st.sampled_from(THRESHOLDS).flatmap(
        lambda m: st.integers(m * 1_000_000 - 2, m * 1_000_000 + 2)
    ),
)
ANSWERS = st.fixed_dictionaries(
    {
        "total_cost": COSTS,
        "phase": st.sampled_from(PHASES),
        "legal_form": st.sampled_from(LEGAL_FORMS),
        "cross_sector": st.sampled_from(["yes", "no"]),
        "estimate_kind": st.sampled_from(["early", "p50", "p85"]),
        "category_basis": st.sampled_from(["seamless_services", "shared_solution", "none"]),
    }
)
RULESET_CHOICE = st.sampled_from(["difi", "digdir", "current"])


@settings(max_examples=300, deadline=None)
@given(answers=ANSWERS, which=RULESET_CHOICE)
def test_outcomes_never_contradict(difi, digdir, current, answers, which):
    ruleset = {"difi": difi, "digdir": digdir, "current": current}[which]
    result = route_application(answers, ruleset)
    status = {outcome.scheme: outcome.status for outcome in result.outcomes}
    assert tuple(outcome.scheme for outcome in result.outcomes) == SCHEMES
    assert not (status["project_model"] == "eligible" and status["council"] == "eligible")
    for scheme in ("council", "project_model", "own_funding"):
        assert status[scheme] in ("eligible", "not_eligible")
    neither = status["cofinancing"] != "eligible" and status["council"] != "eligible"
    small = answers["total_cost"] < ruleset.own_funding_below
    project_model = status["project_model"] == "eligible"
    assert (status["own_funding"] == "eligible") == ((small or neither) and not project_model)
    for outcome in result.outcomes:
        assert outcome.reasons


@settings(max_examples=300, deadline=None)
@given(answers=ANSWERS, which=RULESET_CHOICE)
def test_grant_never_exceeds_share_or_cap(difi, digdir, current, answers, which):
    ruleset = {"difi": difi, "digdir": digdir, "current": current}[which]
    cofinancing = route_application(answers, ruleset).outcome("cofinancing")
    if cofinancing.status == "not_eligible":
        assert cofinancing.max_grant is None
        return
    cost = answers["total_cost"]
    assert 0 < cofinancing.max_grant <= cofinancing.grant_share * cost
    if cofinancing.grant_cap is not None:
        assert cofinancing.max_grant <= cofinancing.grant_cap


@settings(max_examples=200, deadline=None)
@given(amount=AMOUNTS, locale=LOCALES, catalogue=st.booleans())
def test_parse_amount_reads_back_format_nok(nb_gettext, amount, locale, catalogue):
    gettext = nb_gettext if catalogue else formatting.identity_gettext
    assert parse_amount(formatting.format_nok(amount, locale, gettext)) == amount


@settings(max_examples=200, deadline=None)
@given(
    amount=st.one_of(AMOUNTS, st.integers(0, 99_999).map(lambda n: n * 10_000)),
    locale=LOCALES,
    catalogue=st.booleans(),
)
def test_parse_amount_reads_back_format_millions(nb_gettext, amount, locale, catalogue):
    gettext = nb_gettext if catalogue else formatting.identity_gettext
    assert parse_amount(formatting.format_millions(amount, locale, gettext)) == amount


@settings(max_examples=100, deadline=None)
@given(amount=AMOUNTS, locale=LOCALES)
def test_parse_amount_reads_back_grouped_digits(amount, locale):
    # Forms show a stored amount back as grouped digits without a unit.
    assert parse_amount(formatting.format_grouped(amount, locale)) == amount


@settings(max_examples=300, deadline=None)
@given(raw=st.text(max_size=40))
def test_parse_amount_either_reads_or_explains(raw):
    try:
        value = parse_amount(raw)
    except ValueError as error:
        assert error.message.render()
    else:
        assert 0 <= value <= MAX_AMOUNT


ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(["2020-13", "2020-01", "2021", "12 mill."]),
)
FIGURE_KEYS = [
    "investment_cost",
    "annual_operating_cost",
    "annual_internal_benefit",
    "annual_external_benefit",
    "benefit_start_year",
    "planned_start",
    "total_cost",
    "cross_sector",
]


@settings(max_examples=200, deadline=None)
@given(answers=st.dictionaries(st.sampled_from(FIGURE_KEYS), ODD_VALUES))
def test_cofinancing_figures_never_crash(difi, answers):
    figures = cofinancing_figures(answers, difi)
    if figures is not None:
        assert len(figures.years) == difi.analysis_years
        assert all(year.budget_cut >= 0 for year in figures.years)


YEAR_ROWS = st.lists(
    st.one_of(ODD_VALUES, st.dictionaries(st.sampled_from(YEAR_COLUMNS), ODD_VALUES)),
    max_size=12,
)


@settings(max_examples=100, deadline=None)
@given(rows=YEAR_ROWS, requested=ODD_VALUES)
def test_year_tables_never_crash(difi, rows, requested):
    figures = cofinancing_figures({"yearly_figures": rows, "requested_amount": requested}, difi)
    assert len(figures.years) == difi.analysis_years
    analysis = figures.analysis
    parts = analysis.pv_benefits - analysis.pv_investment - analysis.pv_running_costs
    assert analysis.npv == parts - analysis.pv_tax_financing_cost
