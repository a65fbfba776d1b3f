"""The queue: every sent application, with filters, search, sorting and pages."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import event

from forms.ministries import MINISTRIES
from tests.advisor.conftest import COMPLETE_ANSWERS, add_many
from webapp.extensions import db
from webapp.models import ApplicationStatus
from webapp.services.queue import QueueQuery

QUEUE = "/en/advisor/"


def references(page) -> list[str]:
    return [
        row.select_one("td a").get_text(strip=True) for row in page.select("table.data tbody tr")
    ]


def text_of(page) -> str:
    return " ".join(page.get_text(" ").split())


def answers(**changes):
    return {**COMPLETE_ANSWERS, **changes}


def test_the_queue_lists_sent_applications_but_no_drafts(pages, logged_in, make_application):
    sent = make_application()
    make_application(status=ApplicationStatus.DRAFT)
    closed = make_application(status=ApplicationStatus.CLOSED)
    page = pages.get(QUEUE)
    assert sorted(references(page)) == sorted([sent, closed])
    headers = [th.get_text(" ", strip=True) for th in page.select("table.data thead th")]
    assert headers[:4] == ["Reference", "Agency", "Project", "Total cost"]
    row = page.select_one("table.data tbody tr")
    cells = [td.get_text(" ", strip=True) for td in row.select("td")]
    assert "Skatteetaten" in cells
    assert "NOK\u00a020,000,000" in cells
    assert "Co-financing of digitalisation projects, Digitalisation Council" in cells
    assert "difi-2018" in cells


def test_each_row_links_to_its_application(pages, logged_in, make_application):
    reference = make_application()
    link = pages.get(QUEUE).select_one("table.data tbody a")
    assert link["href"] == f"/en/advisor/applications/{reference}"


def test_the_status_is_shown_translated(pages, logged_in, make_application):
    make_application(status=ApplicationStatus.LETTER_READY)
    assert pages.get(QUEUE).select_one("tbody .tag").get_text(strip=True) == "Letter ready"
    assert pages.get("/nb/advisor/").select_one("html")["lang"] == "nb"


def test_filter_by_status_scheme_and_ministry(pages, logged_in, make_application):
    in_review = make_application(status=ApplicationStatus.IN_REVIEW)
    council_only = make_application(answers=answers(schemes=["council"], ministry="hod"))
    cofinancing_only = make_application(answers=answers(schemes=["cofinancing"], ministry="kd"))
    assert references(pages.get(QUEUE + "?status=in_review")) == [in_review]
    assert sorted(references(pages.get(QUEUE + "?scheme=council"))) == sorted(
        [in_review, council_only]
    )
    assert sorted(references(pages.get(QUEUE + "?scheme=cofinancing"))) == sorted(
        [in_review, cofinancing_only]
    )
    assert references(pages.get(QUEUE + "?ministry=hod")) == [council_only]
    page = pages.get(QUEUE + "?ministry=kd&status=submitted")
    assert references(page) == [cofinancing_only]
    # The form shows what is chosen, and offers every ministry by name, in alphabetical order.
    assert page.select_one("#filter-status option[selected]")["value"] == "submitted"
    ministries = [o.get_text(strip=True) for o in page.select("#filter-ministry option")]
    assert ministries[0] == "All ministries"
    assert ministries[1:] == sorted(ministries[1:], key=str.casefold)
    assert len(ministries) == 1 + len(MINISTRIES)
    assert page.select_one("#filter-ministry option[selected]")["value"] == "kd"


def test_unknown_filter_values_are_ignored(pages, logged_in, make_application):
    reference = make_application()
    page = pages.get(QUEUE + "?status=draft&scheme=<b>&sort=password&direction=up&page=x")
    assert references(page) == [reference]


@pytest.mark.parametrize("term", ["skatteetaten", "SKATTE", "ærlig", "ÆRLIG INN", "vv-2026-00000"])
def test_search_is_case_insensitive_on_agency_project_and_reference(
    pages, logged_in, make_application, term
):
    found = make_application(answers=answers(project_title="Ærlig innkreving"))
    make_application(
        answers=answers(agency_name="Lånekassen", project_title="Ny portal"), reference="AB-1"
    )
    assert found in references(pages.get(QUEUE + "?q=" + term))


def test_search_treats_wildcards_as_text(pages, logged_in, make_application):
    make_application()
    assert references(pages.get(QUEUE + "?q=%25")) == []
    assert references(pages.get(QUEUE + "?q=_")) == []
    assert "No applications match." in pages.get(QUEUE + "?q=%25").get_text()


def test_sorting_with_accessible_column_headers(pages, logged_in, make_application):
    small = make_application(answers=answers(total_cost=6_000_000, agency_name="Arkivverket"))
    large = make_application(answers=answers(total_cost=90_000_000, agency_name="Vegvesenet"))
    unknown = make_application(answers=answers(total_cost=None, agency_name="Brreg"))
    page = pages.get(QUEUE + "?sort=total-cost&direction=desc")
    assert references(page) == [large, small, unknown]  # no amount sorts last either way
    header = page.select_one("th[aria-sort]")
    assert header["aria-sort"] == "descending"
    assert header.select_one("a").get_text(strip=True) == "Total cost"
    assert header.select_one("a")["href"] == QUEUE + "?sort=total-cost&direction=asc"
    assert len(page.select("th[aria-sort]")) == 1
    assert references(pages.get(QUEUE + "?sort=total-cost&direction=asc")) == [
        small,
        large,
        unknown,
    ]
    page = pages.get(QUEUE + "?sort=agency")
    assert references(page) == [small, unknown, large]
    assert page.select_one("th[aria-sort]")["aria-sort"] == "ascending"


def test_default_order_is_newest_first(pages, logged_in, make_application):
    old = make_application(submitted_at=datetime(2026, 1, 2, 8, 0))
    new = make_application(submitted_at=datetime(2026, 2, 2, 8, 0))
    page = pages.get(QUEUE)
    assert references(page) == [new, old]
    assert page.select_one("th[aria-sort]")["aria-sort"] == "descending"
    assert "2 February 2026" in page.select_one("tbody tr").get_text()


def test_filters_survive_sorting_and_paging_links(pages, logged_in, make_application):
    make_application()
    page = pages.get(QUEUE + "?q=skatt&status=submitted&sort=agency&direction=desc")
    link = page.select_one("th a[href*='sort=reference']")["href"]
    assert "q=skatt" in link and "status=submitted" in link
    form = page.select_one("form.filters")
    assert form["method"] == "get" and form["action"] == QUEUE
    assert form.select_one("input[name=sort]")["value"] == "agency"


def test_pages_of_fifty_with_page_links(app, pages, logged_in):
    add_many(app, 120)
    page = pages.get(QUEUE)
    assert len(references(page)) == 50
    assert "120 applications found. Showing 1 to 50." in text_of(page)
    pager = page.select_one("nav.pagination")
    assert pager["aria-label"] == "Pages"
    assert pager.select_one("[aria-current=page]").get_text(strip=True) == "1"
    assert [a.get_text(strip=True) for a in pager.select("a")] == ["1", "2", "3", "Next page"]
    page = pages.get(QUEUE + "?page=3")
    assert len(references(page)) == 20
    assert page.select_one("[aria-current=page]").get_text(strip=True) == "3"
    assert references(page)[-1] == "VV-2026-000001"
    # Past the end shows the last page rather than an empty one.
    assert references(pages.get(QUEUE + "?page=99")) == references(page)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_ten_thousand_applications_cost_a_few_statements_a_page(app, pages, logged_in):
    add_many(app, 10_000)
    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        seen = {}
        for query in (
            "",
            "?page=200",
            "?sort=agency&direction=asc&page=57",
            "?sort=total-cost",
            "?q=etat 1&status=closed",
            "?scheme=council&ministry=kd&sort=reference",
        ):
            statements.clear()
            page = pages.get(QUEUE + query)
            assert references(page), query
            seen[query] = len(statements)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    # The advisor, the count, the rows and the ministries: never one statement per row.
    # The advisor's own row, the count and the page of rows.
    assert max(seen.values()) <= 3, seen
    assert "10000 applications found." in text_of(pages.get(QUEUE))


def test_query_arguments_round_trip():
    query = QueueQuery.from_args(
        {"q": "  Skatt   etaten ", "status": "closed", "sort": "agency", "page": "3"}
    )
    assert query == QueueQuery(
        status="closed", search="Skatt etaten", sort="agency", direction="asc", page=3
    )
    assert QueueQuery.from_args(query.to_args()) == query
    assert query.to_args(page=1) == {
        "q": "Skatt etaten",
        "status": "closed",
        "sort": "agency",
        "direction": "asc",
    }
    assert QueueQuery().to_args() == {}
    assert QueueQuery.from_args({"page": "0"}).page == 1
    assert QueueQuery.from_args({"page": "-2"}).page == 1
    assert QueueQuery.from_args({"status": "draft"}).status == ""
