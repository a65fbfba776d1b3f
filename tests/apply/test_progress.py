"""Progress: the path once per request, each form built and validated once, a memo that
never outlives the answers it was computed from."""

from __future__ import annotations

import pytest

from forms import flow
from forms.progress import MEMO_SIZE, BoundedMemo, Progress, completion_memo
from forms.rulesets import load_ruleset
from tests.apply.journey import walk_to_check
from webapp.models import Application


@pytest.fixture
def database_url(tmp_path) -> str:
    return "sqlite:///" + str(tmp_path / "progress.sqlite3")  # pure logic over stored answers


@pytest.fixture
def stored(pages, app) -> dict:
    walk_to_check(pages, "en", schemes=("cofinancing", "council"))
    with app.app_context():
        draft = Application.query.one()
        return {"answers": dict(draft.answers), "ruleset": load_ruleset(draft.ruleset_id)}


@pytest.fixture
def in_request(app):
    completion_memo.clear()
    with app.test_request_context("/en/apply/check"):
        yield
    completion_memo.clear()


def partial_answers(answers: dict) -> list[dict]:
    """The stored answers with each one in turn taken away, and some changed."""
    variants = [{k: v for k, v in answers.items() if k != name} for name in answers]
    variants += [
        {**answers, "total_cost": 900_000_000, "estimate_kind": "p85"},
        {**answers, "total_cost": 3_000_000},
        {**answers, "schemes": ["council"]},
        {**answers, "requested_amount": answers["total_cost"]},
        {},
    ]
    return variants


def test_progress_agrees_with_the_step_graph_for_every_variant(stored, in_request):
    ruleset = stored["ruleset"]
    for answers in [stored["answers"], *partial_answers(stored["answers"])]:
        progress = Progress(answers, ruleset)
        path = flow.current_path(answers, ruleset)
        assert progress.path == path
        assert progress.first_incomplete() == flow.first_incomplete(answers, ruleset)
        for step in path:
            assert progress.can_visit(step) == flow.can_visit(step, answers, ruleset, path)
        # Asked again (now from the memo), the answers are the same.
        again = Progress(answers, ruleset)
        assert again.first_incomplete() == progress.first_incomplete()
        assert [again.is_complete(s) for s in path] == [progress.is_complete(s) for s in path]


def test_each_form_is_built_and_validated_once_per_request(stored, in_request, monkeypatch):
    built = []
    original = flow.build_form

    def counting(step, *args, **kwargs):
        built.append(step.id)
        return original(step, *args, **kwargs)

    monkeypatch.setattr(flow, "build_form", counting)
    progress = Progress(stored["answers"], stored["ruleset"])
    assert progress.first_incomplete() == flow.STEPS_BY_ID["check"]
    summary = progress.summarised()
    assert progress.can_visit(flow.STEPS_BY_ID["check"])
    assert sorted(built) == sorted(set(built)), built
    assert [step.id for step, _ in summary] == [s.id for s in progress.path if s.summarised]
    assert all(form is progress.form(step) for step, form in summary)

    # The next request with the same answers builds no form to know the path is complete.
    built.clear()
    assert Progress(stored["answers"], stored["ruleset"]).first_incomplete().id == "check"
    assert built == []


def test_a_changed_answer_or_rule_set_is_validated_afresh(stored, in_request):
    answers, ruleset = stored["answers"], stored["ruleset"]
    assert Progress(answers, ruleset).first_incomplete().id == "check"
    # The same draft with the requested amount above the ceiling: co-financing is incomplete.
    changed = {**answers, "requested_amount": answers["total_cost"]}
    assert Progress(changed, ruleset).first_incomplete().id == "cofinancing"
    # And back: the memo holds both, each under its own answers.
    assert Progress(answers, ruleset).first_incomplete().id == "check"
    other = load_ruleset("difi-2018")
    assert Progress(answers, other).first_incomplete() == flow.first_incomplete(answers, other)


def test_the_memo_stays_bounded_and_keeps_the_latest():
    memo = BoundedMemo(3)
    for number in range(10):
        memo.put(("answers", number), number % 2 == 0)
    assert len(memo) == 3
    assert memo.get(("answers", 0)) is None
    assert [memo.get(("answers", n)) for n in (7, 8, 9)] == [False, True, False]
    assert MEMO_SIZE >= 1000  # room for a few hundred drafts' paths per worker


def test_an_incomplete_step_is_validated_once_per_request(stored, in_request):
    """is_complete on a memo miss and the page's stored problems share one validation."""
    answers = {**stored["answers"], "requested_amount": stored["answers"]["total_cost"]}
    progress = Progress(answers, stored["ruleset"])
    step = flow.STEPS_BY_ID["cofinancing"]
    form = progress.form(step)
    calls = []
    original = form.validate
    form.validate = lambda *args, **kwargs: calls.append(1) or original(*args, **kwargs)
    assert not progress.is_complete(step)
    assert progress.validated(step) is False
    assert calls == [1]
    assert form.errors  # kept on the form for the page to show
