"""The ranking of a call against its pot: order, sums, the pot line, overrides and exports."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from tests.calls.conftest import add_call, enter_in_call
from webapp.extensions import db
from webapp.models import Advisor, Application, AuditEvent, Call, RankingEntry
from webapp.services import ranking

MNOK = 1_000_000
# Five applications: (project, NPV per krone, requested, scores, requirements met).
FIVE = [
    ("Alfa", "2.5", 8 * MNOK, (4, 4, 4), True),  # 5 NPV points: 200 + 240 = 4.40
    ("Bravo", "1.2", 9 * MNOK, (5, 5, 5), True),  # 4 points: 160 + 300 = 4.60
    ("Charlie", "0.7", 6 * MNOK, (3, 3, 3), True),  # 3 points: 120 + 180 = 3.00
    ("Delta", "-0.2", 5 * MNOK, (5, 5, 5), True),  # 1 point: 40 + 300 = 3.40
    ("Echo", "3.0", 4 * MNOK, (5, 5, 5), False),  # the best figures, a requirement not met
]


@pytest.fixture
def five_in_call(app, open_call, make_application) -> dict[str, str]:
    """A call with a pot of 20 MNOK and the five applications; project → reference."""
    call_id = open_call(pot=20 * MNOK)
    references = {}
    for project, npv, requested, scores, met in FIVE:
        answers = {
            "project_title": project,
            "agency_name": f"Etat {project}",
            "schemes": ["cofinancing"],
        }
        reference = make_application(answers=answers)
        enter_in_call(app, call_id, reference, npv, requested, scores, phase=met)
        references[project] = reference
    return references


def _call(app) -> Call:
    return db.session.scalar(db.select(Call))


def _order(app) -> list[tuple[str, int, int, bool]]:
    with app.app_context():
        page = ranking.ranking_page(_call(app), ranking.RankingQuery())
        db.session.commit()  # as the page does: reading may store missing places
        return [(r.project_title, r.place, r.cumulative, r.within_pot) for r in page.rows]


def test_the_weighted_rank_the_sums_and_where_the_pot_runs_out(app, five_in_call):
    assert _order(app) == [
        ("Bravo", 1, 9 * MNOK, True),
        ("Alfa", 2, 17 * MNOK, True),
        ("Delta", 3, 22 * MNOK, False),
        ("Charlie", 4, 28 * MNOK, False),
        ("Echo", 5, 28 * MNOK, False),  # not met: counts nothing towards the pot
    ]
    with app.app_context():
        summary = ranking.pot_summary(_call(app))
        rows = ranking.ranking_page(_call(app), ranking.RankingQuery()).rows
    assert [row.weighted for row in rows] == [460, 440, 340, 300, 500]
    assert (summary.applications, summary.requirements_met, summary.within) == (5, 4, 2)
    assert (summary.within_amount, summary.remaining) == (17 * MNOK, 3 * MNOK)
    assert (summary.first_beyond_place, summary.first_beyond_cumulative) == (3, 22 * MNOK)


def test_a_lower_amount_and_an_override_move_the_line(app, five_in_call, lead_advisor):
    with app.app_context():
        lead = db.session.get(Advisor, lead_advisor.id)
        application, entry = ranking.entry_for(_call(app), five_in_call["Delta"])
        assert ranking.propose_amount(application, entry, 3 * MNOK, lead)
        db.session.commit()
    assert [row[2:] for row in _order(app)][:3] == [
        (9 * MNOK, True),
        (17 * MNOK, True),
        (20 * MNOK, True),  # exactly the pot: within
    ]
    with app.app_context():
        lead = db.session.get(Advisor, lead_advisor.id)
        application, entry = ranking.entry_for(_call(app), five_in_call["Charlie"])
        with pytest.raises(ranking.RankingRefused, match="reason"):
            ranking.override_rank(application, entry, 1, "  ", lead)
        assert ranking.override_rank(application, entry, 1, "Lovpålagt frist i 2027", lead)
        db.session.commit()
        events = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == ranking.RANK_OVERRIDDEN)
        ).all()
        assert [(e.detail, e.note) for e in events] == [
            ({"from": None, "to": 1}, "Lovpålagt frist i 2027")
        ]
    assert _order(app) == [
        ("Charlie", 1, 6 * MNOK, True),
        ("Bravo", 2, 15 * MNOK, True),
        ("Alfa", 3, 23 * MNOK, False),
        ("Delta", 4, 26 * MNOK, False),
        ("Echo", 5, 26 * MNOK, False),
    ]


def test_a_plain_advisor_cannot_set_amounts_or_places(app, five_in_call, advisor):
    with app.app_context():
        plain = db.session.get(Advisor, advisor.id)
        application, entry = ranking.entry_for(_call(app), five_in_call["Alfa"])
        with pytest.raises(ranking.RankingRefused, match="lead"):
            ranking.propose_amount(application, entry, MNOK, plain)
        with pytest.raises(ranking.RankingRefused, match="lead"):
            ranking.override_rank(application, entry, 1, "reason", plain)


def _csv_rows(response) -> list[list[str]]:
    content = response.get_data()
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_export_opens_in_excel_and_runs_no_formula(
    app, client, auth, advisor, five_in_call
):
    with app.app_context():
        application = db.session.scalar(
            db.select(Application).where(Application.reference == five_in_call["Charlie"])
        )
        application.project_title = '=HYPERLINK("http://evil.example","klikk")'
        db.session.commit()
    auth.login(advisor, lang="nb")
    response = client.get("/nb/advisor/calls/2027/ranking.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    rows = _csv_rows(response)
    heading = rows[0]
    assert heading[:5] == ["Plass", "Vektet rangering", "Referanse", "Virksomhet", "Prosjekt"]
    column = {name: index for index, name in enumerate(heading)}
    body = rows[1:]
    assert [row[column["Prosjekt"]] for row in body] == [
        "Bravo",
        "Alfa",
        "Delta",
        '\'=HYPERLINK("http://evil.example","klikk")',
        "Echo",
    ]
    delta = body[2]
    assert delta[column["NNV per investert krone"]] == "-0,2"  # a number, not guarded
    assert delta[column["Foreslått hittil (kr)"]] == "22000000"
    assert delta[column["Innenfor rammen"]] == "Nei"
    assert body[0][column["Innenfor rammen"]] == "Ja"
    assert body[4][column["Formelle krav oppfylt"]] == "Nei"


def test_the_xlsx_export_has_numbers_as_numbers_and_text_as_text(
    app, client, auth, advisor, five_in_call
):
    with app.app_context():
        application = db.session.scalar(
            db.select(Application).where(Application.reference == five_in_call["Alfa"])
        )
        application.agency_name = "=1+1"
        db.session.commit()
    auth.login(advisor)
    response = client.get("/en/advisor/calls/2027/ranking.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    rows = list(sheet.iter_rows(values_only=True))
    heading = rows[0]
    column = {name: index for index, name in enumerate(heading)}
    assert [row[column["Project"]] for row in rows[1:]] == [
        "Bravo",
        "Alfa",
        "Delta",
        "Charlie",
        "Echo",
    ]
    assert [row[column["Proposed so far (NOK)"]] for row in rows[1:]] == [
        9 * MNOK,
        17 * MNOK,
        22 * MNOK,
        28 * MNOK,
        28 * MNOK,
    ]
    assert rows[2][column["NPV per invested krone"]] == pytest.approx(2.5)
    agency = sheet.cell(row=3, column=column["Agency"] + 1)
    assert (agency.value, agency.data_type) == ("=1+1", "s")  # text, never a formula
    assert [row[column["Within the pot"]] for row in rows[1:]] == ["Yes", "Yes", "No", "No", "No"]


def test_the_ranking_page_shows_the_order_and_the_pot_line(pages, auth, advisor, five_in_call):
    auth.login(advisor)
    page = pages.get("/en/advisor/calls/2027")
    rows = page.select("table.ranking tbody tr")
    texts = [row.get_text(" ", strip=True) for row in rows]
    assert [t.split(" ")[0] for t in texts] == ["1", "2", "The", "3", "4", "5"]
    assert "The pot of NOK\xa020,000,000 runs out here." in texts[2]
    assert "Bravo" in texts[0] and "Alfa" in texts[1] and "Delta" in texts[3]
    section = page.select_one("#pot-heading").find_parent("section")
    summary = re.sub(r"[ \t\n]+", " ", section.get_text(" ", strip=True))
    assert "5 applications in the call, 4 meet the formal requirements." in summary
    assert (
        "The pot runs out at place 3, where the amounts proposed reach NOK\xa022,000,000."
        in summary
    )
    # Sorted another way, there is no line; the tags still say which are within.
    page = pages.get("/en/advisor/calls/2027?sort=npv")
    assert not page.select("tr.pot-line")
    assert [a.get_text() for a in page.select("table.ranking tbody tr td:nth-of-type(2) a")] == [
        five_in_call[name] for name in ("Echo", "Alfa", "Bravo", "Charlie", "Delta")
    ]
    page = pages.get("/en/advisor/calls/2027?pot=within")
    assert len(page.select("table.ranking tbody tr")) == 2
    page = pages.get("/en/advisor/calls/2027?requirements=not-met")
    assert [a.get_text() for a in page.select("table.ranking tbody tr td:nth-of-type(2) a")] == [
        five_in_call["Echo"]
    ]


def _stored_and_live(app) -> tuple[list[tuple], list[tuple]]:
    columns = ("application_id", "weighted", "weighted_rank", "place", "cumulative", "met")
    with app.app_context():
        call = _call(app)
        stored, live = ranking.stored(call), ranking.ranked(call)
        read = [
            sorted(
                tuple(row)
                for row in db.session.execute(
                    db.select(*(getattr(subquery.c, name) for name in columns))
                )
            )
            for subquery in (stored, live)
        ]
        return read[0], read[1]


def test_the_stored_places_follow_every_change(app, five_in_call, lead_advisor, advisor):
    with app.app_context():
        lead = db.session.get(Advisor, lead_advisor.id)
        plain = db.session.get(Advisor, advisor.id)
        application, entry = ranking.entry_for(_call(app), five_in_call["Charlie"])
        assessment = ranking.Assessment.of(entry)
        ranking.save_assessment(
            application,
            entry,
            ranking.Assessment(**{**assessment.__dict__, "benefits_score": 5, "gains_score": 5}),
            plain,
        )
        application, entry = ranking.entry_for(_call(app), five_in_call["Echo"])
        ranking.save_assessment(
            application,
            entry,
            ranking.Assessment(**{**ranking.Assessment.of(entry).__dict__, "phase": True}),
            plain,
        )
        application, entry = ranking.entry_for(_call(app), five_in_call["Alfa"])
        ranking.propose_amount(application, entry, 2 * MNOK, lead)
        application, entry = ranking.entry_for(_call(app), five_in_call["Delta"])
        ranking.override_rank(application, entry, 1, "Frist", lead)
        db.session.commit()
    stored, live = _stored_and_live(app)
    assert stored == live
    assert [row[1] for row in _order(app)] == [1, 2, 3, 4, 5]
    assert _order(app)[0][0] == "Delta"


def test_places_missing_since_before_they_were_stored_are_filled_when_read(app, five_in_call):
    with app.app_context():
        db.session.execute(db.update(RankingEntry).values(place=None, cumulative=0))
        db.session.commit()
    assert [name for name, *_ in _order(app)] == ["Bravo", "Alfa", "Delta", "Charlie", "Echo"]
    stored, live = _stored_and_live(app)
    assert stored == live


@pytest.mark.parametrize(
    ("ruleset_id", "expected"),
    [
        # 40 % NPV, 20 % each score: Bravo's maturity of 5 outweighs Alfa's NPV points.
        ("digdir-10-100", (["Bravo", "Alfa"], [380, 340])),
        # 2018: 50 % NPV, 25 % benefits and gains, maturity weighs nothing (not a criterion).
        ("difi-2018", (["Alfa", "Bravo"], [400, 350])),
    ],
)
def test_the_weights_are_the_calls_rule_set(app, make_application, ruleset_id, expected):
    call_id = add_call(app, 2018, date(2018, 1, 1), datetime(2018, 3, 1, 12), ruleset_id=ruleset_id)
    # Alfa: 5 NPV points and scores 3, 3, 1; Bravo: 4 NPV points and 3, 3, 5.
    for project, npv, scores in (("Alfa", "2.5", (3, 3, 1)), ("Bravo", "1.2", (3, 3, 5))):
        reference = make_application(answers={"project_title": project, "schemes": ["cofinancing"]})
        enter_in_call(app, call_id, reference, npv, 5 * MNOK, scores, ceiling=10 * MNOK)
    with app.app_context():
        call = db.session.get(Call, call_id)
        method = ranking.method_of(call)
        assert method.from_sources is False  # Veiviser's own, and the page says so
        rows = ranking.ranking_page(call, ranking.RankingQuery()).rows
        db.session.commit()
    assert ([r.project_title for r in rows], [r.weighted for r in rows]) == expected


def test_places_follow_the_rule_set_when_the_calls_rule_set_changes(app, make_application):
    call_id = add_call(app, 2018, date(2018, 1, 1), datetime(2018, 3, 1, 12))
    for project, npv, scores in (("Alfa", "2.5", (3, 3, 1)), ("Bravo", "1.2", (3, 3, 5))):
        reference = make_application(answers={"project_title": project, "schemes": ["cofinancing"]})
        enter_in_call(app, call_id, reference, npv, 5 * MNOK, scores, ceiling=10 * MNOK)

    def order() -> list[tuple[str, int]]:
        with app.app_context():
            call = db.session.get(Call, call_id)
            rows = ranking.ranking_page(call, ranking.RankingQuery()).rows
            db.session.commit()
            return [(row.project_title, row.weighted) for row in rows]

    assert order() == [("Bravo", 380), ("Alfa", 340)]
    with app.app_context():
        db.session.execute(db.update(Call).values(ruleset_id="difi-2018"))
        db.session.commit()
    # Stored under the old weights; the next read sees the method changed and ranks again.
    assert order() == [("Alfa", 400), ("Bravo", 350)]
