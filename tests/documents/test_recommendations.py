"""Recommendations for the advice letter: readiness answers and gaps in the application."""

from __future__ import annotations

import pytest

from forms.rulesets import load_ruleset
from forms.steps import READINESS_QUESTIONS
from tests.documents.applications import ANSWERS
from webapp.models import Application
from webapp.services.recommendations import (
    ADVISOR_SOURCE,
    BENEFITS_PLAN_ADVICE,
    FINDINGS,
    READINESS_ADVICE,
    generated_recommendations,
    letter_recommendations,
    suggested_recommendations,
)

RULESET = load_ruleset("difi-2018")
ALL_YES = {question: "yes" for question in READINESS_QUESTIONS}
# Nothing to recommend: every readiness answer yes, a benefits plan, below the ceiling.
STRONG = {**ANSWERS, **ALL_YES, "benefits_plan": "yes"}


def suggest(**changes):
    return suggested_recommendations({**STRONG, **changes}, RULESET)


def test_a_strong_application_gets_no_recommendations():
    assert suggest() == []


def test_every_readiness_question_has_advice_for_no_and_partly():
    assert set(READINESS_ADVICE) == set(READINESS_QUESTIONS)
    for advice in READINESS_ADVICE.values():
        assert advice.no != advice.partly
        assert advice.finding in FINDINGS.values()


@pytest.mark.parametrize("answer", ["no", "partly"])
@pytest.mark.parametrize("question", list(READINESS_QUESTIONS))
def test_each_weak_readiness_answer_adds_its_recommendation(question, answer):
    (only,) = suggest(**{question: answer})
    advice = READINESS_ADVICE[question]
    assert only.key == f"readiness:{question}:{answer}"
    assert only.source == f"readiness:{question}"
    assert only.finding == advice.finding
    assert only.text.msgid == getattr(advice, answer)
    rendered = only.text.render()
    # It rests on a finding and says what to do next.
    assert "council" in rendered and "recommends that" in rendered


def test_readiness_recommendations_keep_the_order_of_the_questions():
    weak = {question: "partly" for question in READINESS_QUESTIONS}
    keys = [s.key for s in suggest(**weak)]
    assert keys == [f"readiness:{q}:partly" for q in READINESS_QUESTIONS]


@pytest.mark.parametrize(
    ("plan", "key"),
    [
        ("no", "gap:no_benefits_plan:no"),
        ("in_progress", "gap:no_benefits_plan:in_progress"),
    ],
)
def test_a_missing_benefits_plan_is_a_gap(plan, key):
    (only,) = suggest(benefits_plan=plan)
    assert (only.key, only.source) == (key, "gap:no_benefits_plan")
    assert only.finding == FINDINGS["benefits_realisation"]
    assert only.text.msgid == BENEFITS_PLAN_ADVICE[plan]


def test_the_benefits_plan_answer_only_counts_when_co_financing_is_on_the_path():
    assert suggest(benefits_plan="no", schemes=["council"]) == []


@pytest.mark.parametrize(
    ("cross_sector", "partners", "gap"),
    [
        ("yes", "", True),
        ("yes", "   \n ", True),
        ("yes", "Nav og KS", False),
        ("no", "", False),
    ],
)
def test_a_cross_sector_project_without_partners_is_a_gap(cross_sector, partners, gap):
    keys = [s.key for s in suggest(cross_sector=cross_sector, partners=partners)]
    assert keys == (["gap:no_partners"] if gap else [])


@pytest.mark.parametrize(
    ("requested", "gap"),
    [(6_250_000, True), (6_249_999, False), (3_000_000, False)],
)
def test_a_request_at_the_ceiling_is_a_gap(requested, gap):
    # 12.5 MNOK at 50 %: the ceiling is 6 250 000 kr.
    suggestions = suggest(requested_amount=requested)
    assert [s.key for s in suggestions] == (["gap:grant_at_ceiling"] if gap else [])
    if gap:
        assert "NOK\u00a06,250,000" in suggestions[0].text.render()
        assert suggestions[0].finding == FINDINGS["financing"]


def test_the_ceiling_only_counts_when_co_financing_is_on_the_path():
    assert suggest(requested_amount=6_250_000, schemes=["council"]) == []


def test_answers_that_no_longer_apply_give_no_recommendations():
    # The budget fell below both schemes: no scheme is chosen, so no readiness step either.
    weak = {question: "no" for question in READINESS_QUESTIONS}
    assert suggest(total_cost=3_000_000, benefits_plan="no", **weak) == []


def test_readiness_first_then_the_gaps():
    keys = [
        s.key
        for s in suggest(
            renewal="no",
            benefits_plan="no",
            cross_sector="yes",
            partners="",
            requested_amount=6_250_000,
            leader_ownership="partly",
        )
    ]
    assert keys == [
        "readiness:leader_ownership:partly",
        "readiness:renewal:no",
        "gap:no_benefits_plan:no",
        "gap:no_partners",
        "gap:grant_at_ceiling",
    ]


def test_keys_are_unique():
    weak = {question: "no" for question in READINESS_QUESTIONS}
    suggestions = suggest(
        **weak, benefits_plan="no", cross_sector="yes", partners="", requested_amount=6_250_000
    )
    keys = [s.key for s in suggestions]
    assert len(keys) == len(set(keys)) == len(READINESS_QUESTIONS) + 3


# --- rendered and merged with the advisor's list ---------------------------------------------


def application(assessment=None, **changes) -> Application:
    return Application(
        reference="VV-2026-000123",
        locale="en",
        ruleset_id="difi-2018",
        answers={**STRONG, **changes},
        assessment=assessment or {},
        schemes="cofinancing,council",
    )


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


@pytest.mark.usefixtures("ctx")
def test_generated_recommendations_are_rendered_in_the_language_asked_for():
    (recommendation,) = generated_recommendations(application(agile_delivery="no"), "en")
    assert recommendation.key == "readiness:agile_delivery:no"
    assert recommendation.source == "readiness:agile_delivery"
    assert recommendation.finding == "Agile development"
    assert recommendation.text.startswith("The council's experience is that good practice")


@pytest.mark.usefixtures("ctx")
def test_without_an_advisor_list_the_generated_ones_are_used():
    weak = application(agile_delivery="no", renewal="partly")
    assert letter_recommendations(weak, "en") == generated_recommendations(weak, "en")


@pytest.mark.usefixtures("ctx")
def test_the_advisors_list_replaces_the_generated_one():
    assessment = {
        "recommendations": [
            {"key": None, "text": "Involver Digdir tidlig."},
            {"key": "readiness:renewal:partly", "text": "Forny saksbehandlingen først."},
            {"key": "readiness:agile_delivery:no", "text": ""},
            {"key": "readiness:gone:no", "text": ""},  # unknown and empty: dropped
            {"key": None, "text": "   "},  # empty: dropped
            "not a mapping",
        ]
    }
    weak = application(assessment, agile_delivery="no", renewal="partly", leader_ownership="no")
    generated = {r.key: r for r in generated_recommendations(weak, "en")}
    merged = letter_recommendations(weak, "en")
    assert [(r.key, r.source) for r in merged] == [
        (None, ADVISOR_SOURCE),
        ("readiness:renewal:partly", "readiness:renewal"),
        ("readiness:agile_delivery:no", "readiness:agile_delivery"),
    ]
    assert merged[0].text == "Involver Digdir tidlig."
    assert merged[1].text == "Forny saksbehandlingen først."  # the advisor's edit
    assert merged[1].finding == generated["readiness:renewal:partly"].finding
    assert merged[2].text == generated["readiness:agile_delivery:no"].text  # kept as generated
    # Left out by the advisor: not in the letter.
    assert "readiness:leader_ownership:no" not in [r.key for r in merged]


@pytest.mark.usefixtures("ctx")
def test_an_empty_advisor_list_means_no_recommendations():
    assert letter_recommendations(application({"recommendations": []}, renewal="no"), "en") == []
