"""Long steps group their questions under headings, and optional questions say so."""

from __future__ import annotations

import pytest

from forms import flow
from forms.sections import STEP_SECTIONS, Section, grouped_fields
from tests.apply.journey import step_url, walk_to_check

LONG_STEPS = ("applicant", "project", "cofinancing", "readiness")


def field_names(page) -> list[str]:
    names = []
    for control in page.select("form#step-form [name]"):
        if control["name"] not in ("csrf_token", "action") and control["name"] not in names:
            names.append(control["name"])
    return names


@pytest.mark.parametrize("step", LONG_STEPS)
def test_every_question_of_a_long_step_is_in_a_section_with_a_heading(pages, step):
    walk_to_check(pages, "en", schemes=("cofinancing",))
    page = pages.get(step_url("en", step))
    sections = page.select("form#step-form > fieldset.section")
    assert len(sections) >= 2
    placed = []
    for section in sections:
        assert section.legend.h2.get_text(strip=True)
        placed += field_names(section)
    assert sorted(placed) == sorted(field_names(page))
    # Every question the step asks under the rule set in force (the form drops what it skips).
    # (A table of year rows posts its cells as "yearly_figures-0-investment_cost": one question.)
    questions = {name.split("-", 1)[0] for name in placed}
    assert questions <= set(flow.STEPS_BY_ID[step].form.field_names())


@pytest.mark.parametrize(
    ("lang", "marker"), [("nb", "(valgfritt)"), ("nn", "(valfritt)"), ("en", "(optional)")]
)
def test_optional_questions_are_marked_and_only_those(pages, lang, marker):
    walk_to_check(pages, lang, schemes=("cofinancing", "council"))
    marked, unmarked = set(), set()
    for step in ("applicant", "project", "cofinancing", "council"):
        page = pages.get(step_url(lang, step))
        for caption in page.select(
            "form#step-form label[for], form#step-form .field > fieldset > legend"
        ):
            target = caption.get("for") or caption.parent.get("id")
            (marked if caption.select_one(".optional") else unmarked).add(target)
            if caption.select_one(".optional"):
                assert caption.select_one(".optional").get_text(strip=True) == marker
    assert {"contact_phone", "partners", "non_priced_effects", "preferred_meeting_period"} <= marked
    assert {"agency_name", "contact_email", "total_cost", "why_decisive"}.isdisjoint(marked)


def test_the_answers_page_shows_labels_without_the_marker(pages):
    walk_to_check(pages, "nn", schemes=("cofinancing",))
    labels = [th.get_text(strip=True) for th in pages.get(step_url("nn", "check")).select("th")]
    assert "Telefonnummeret ditt" in labels
    assert not [label for label in labels if "valfritt" in label]


def test_a_field_given_no_section_stays_where_it_is():
    sections = STEP_SECTIONS["project"]
    groups = grouped_fields("project", ("project_title", "new_question", "phase", "partners"))
    assert groups == [
        (sections[0], ["project_title"]),
        (None, ["new_question"]),
        (sections[1], ["phase"]),
        (sections[2], ["partners"]),
    ]


def test_a_section_gathers_its_fields_where_the_first_one_stands():
    section = Section("Both", ("a", "c"))
    STEP_SECTIONS["test-step"] = (section,)
    try:
        assert grouped_fields("test-step", ("a", "b", "c")) == [
            (section, ["a", "c"]),
            (None, ["b"]),
        ]
    finally:
        del STEP_SECTIONS["test-step"]


def test_a_step_without_sections_is_one_group():
    assert grouped_fields("council", ("x", "y")) == [(None, ["x", "y"])]
