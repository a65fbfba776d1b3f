"""The check page remembers its summary and figures under the answers, rule set, day and
language (services.answers.summary_of, services.figures.checked_figures): opened again, it
builds no form of an earlier step and computes no figure, and any change is shown at once."""

from __future__ import annotations

import pytest

from forms import flow, npv
from tests.apply import journey
from webapp.services import answers as answers_service
from webapp.services import figures as figures_service

CHECK = "/{lang}/apply/check"


@pytest.fixture
def database_url(tmp_path) -> str:
    return "sqlite:///" + str(tmp_path / "check-memo.sqlite3")  # logic over stored answers


@pytest.fixture(autouse=True)
def empty_memos():
    answers_service.summary_memo.clear()
    figures_service.figures_memo.clear()
    yield
    answers_service.summary_memo.clear()
    figures_service.figures_memo.clear()


@pytest.fixture
def counted(monkeypatch) -> dict[str, list]:
    calls: dict[str, list] = {"forms": [], "figures": []}
    build_form, cofinancing_figures = flow.build_form, npv.cofinancing_figures

    def counting_build(step, *args, **kwargs):
        calls["forms"].append(step.id)
        return build_form(step, *args, **kwargs)

    def counting_figures(*args, **kwargs):
        calls["figures"].append(1)
        return cofinancing_figures(*args, **kwargs)

    monkeypatch.setattr(flow, "build_form", counting_build)
    monkeypatch.setattr(figures_service, "cofinancing_figures", counting_figures)
    return calls


def answer_rows(page) -> dict[str, str]:
    return {
        row.select_one("th").get_text(" ", strip=True): row.select_one("td.answer").get_text(
            " ", strip=True
        )
        for row in page.select("table.summary-list tr")
        if row.select_one("td.answer")
    }


def test_opened_again_the_page_builds_no_earlier_form_and_computes_no_figure(pages, counted):
    journey.walk_to_check(pages, "en", schemes=("cofinancing", "council"))
    first = pages.get(CHECK.format(lang="en"))
    assert set(counted["forms"]) > {"applicant", "project", "cofinancing"}
    assert counted["figures"] == [1]
    counted["forms"].clear()

    again = pages.get(CHECK.format(lang="en"))
    assert counted["forms"] == ["check"]  # only the declaration, which is this page's own
    assert counted["figures"] == [1]
    assert answer_rows(again) == answer_rows(first)
    assert again.select_one("#key-figures").decode() == first.select_one("#key-figures").decode()


def test_a_changed_answer_shows_at_once(pages):
    journey.walk_to_check(pages, "en", schemes=("cofinancing", "council"))
    before = pages.get(CHECK.format(lang="en"))
    assert "Statens vegvesen" in answer_rows(before).values()
    npv_before = before.select_one("#key-figures").get_text()

    renamed = {**journey.APPLICANT, "agency_name": "Direktoratet for forvaltning"}
    assert journey.post_step(pages, "en", "applicant", renamed).status_code == 303
    changed_figures = {**journey.COFINANCING, "requested_amount": "5 000 000"}
    assert journey.post_step(pages, "en", "cofinancing", changed_figures).status_code == 303

    after = pages.get(CHECK.format(lang="en"))
    rows = answer_rows(after)
    assert "Direktoratet for forvaltning" in rows.values()
    assert "Statens vegvesen" not in rows.values()
    assert after.select_one("#key-figures").get_text() != npv_before


@pytest.mark.parametrize(
    ("lang", "heading", "no"),
    [("nb", "Om virksomheten", "Nei"), ("nn", "Om verksemda", "Nei"), ("en", "About", "No")],
)
def test_each_language_gets_its_own_summary(pages, lang, heading, no):
    journey.walk_to_check(pages, "en", schemes=("cofinancing", "council"))
    pages.get(CHECK.format(lang="en"))  # remembered in English first
    page = pages.get(CHECK.format(lang=lang))
    titles = [h2.get_text(strip=True) for h2 in page.select("h2[id^=section-]")]
    assert any(title.startswith(heading) for title in titles), titles
    assert page.find("html")["lang"] == lang
    if lang != "en":
        english = pages.get(CHECK.format(lang="en"))
        assert (
            answer_rows(page)
            .keys()
            .isdisjoint({label for label in answer_rows(english) if len(label) > 12})
        )
