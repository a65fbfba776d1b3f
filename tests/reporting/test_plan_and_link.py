"""The reporting link (issued, used, replaced, revoked, rate limited) and the benefit plan it
opens (made from the year table, changed freely until the final grant, with a reason after)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from tests.reporting.conftest import MNOK
from webapp.extensions import db
from webapp.jobs.models import Job
from webapp.models import AuditEvent
from webapp.reporting.models import Benefit, ReportingLink
from webapp.services import reporting_links


def _url(token: str, tail: str = "") -> str:
    return f"/nb/report/{token}{tail}"


def test_issuing_stores_only_the_hash_and_mails_the_link_to_each_recipient(
    app, client, grant, link
):
    project = grant()
    token = link(project)
    with app.app_context():
        stored = db.session.scalar(select(ReportingLink))
        assert stored.token_hash == reporting_links.token_hash(token) != token
        assert stored.recipients == ["ingrid.berg@example.no", "nils.ovrebo@example.no"]
        jobs = list(db.session.scalars(select(Job).order_by(Job.recipient)))
        assert [(j.event, j.recipient) for j in jobs] == [
            (f"reporting_link:{project.reference}:link-{stored.id}", "ingrid.berg@example.no"),
            (f"reporting_link:{project.reference}:link-{stored.id}", "nils.ovrebo@example.no"),
        ]
        assert f"/nb/report/{token}" in jobs[0].payload["text"]
        # The token is in the mail and nowhere else in the database.
        for row in db.session.execute(db.text("SELECT * FROM reporting_links")):
            assert token not in str(row)
    response = client.get(_url(token))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_a_project_without_a_sent_grant_gets_no_link(app, grant, lead_advisor):
    from webapp.models import Advisor, Application, GrantDecision

    project = grant()
    with app.test_request_context():
        db.session.get(GrantDecision, project.id).sent_at = None
        with pytest.raises(reporting_links.LinkRefused):
            reporting_links.issue(
                db.session.get(Application, project.id),
                ["a@example.no"],
                db.session.get(Advisor, lead_advisor.id),
            )


def test_a_new_link_replaces_the_old_and_a_revoked_link_opens_nothing(app, client, grant, link):
    project = grant()
    first = link(project)
    second = link(project, ("ingrid.berg@example.no",))
    assert client.get(_url(first)).status_code == 404
    assert client.get(_url(second)).status_code == 200
    with app.test_request_context():
        from webapp.models import Advisor, Application

        application = db.session.get(Application, project.id)
        reporting_links.revoke(application, db.session.scalar(select(Advisor)))
        db.session.commit()
        with pytest.raises(reporting_links.LinkRefused):
            reporting_links.revoke(application, db.session.scalar(select(Advisor)))
        actions = [e.action for e in db.session.scalars(select(AuditEvent))]
    assert client.get(_url(second)).status_code == 404
    assert actions.count("reporting_link_issued") == 2 and "reporting_link_revoked" in actions


@pytest.fixture
def app_settings(app_settings):
    return {**app_settings, "VEIVISER_REPORTING_MISS_LIMITS": "3/hour"}


def test_guessing_tokens_is_limited_per_address_but_a_good_link_still_works(client, grant, link):
    token = link(grant())
    made_up = "A" * 43
    assert [client.get(_url(made_up)).status_code for _ in range(3)] == [404, 404, 404]
    assert client.get(_url(made_up)).status_code == 429
    assert client.get(_url(token[:-1] + ("B" if token[-1] != "B" else "C"))).status_code == 429
    assert client.get(_url("short")).status_code == 404  # not a token at all: no route
    # The agency's own link still works from the same address: only guesses are refused.
    assert client.get(_url(token)).status_code == 200
    assert client.get(_url(token, "/annual/2026")).status_code == 200


def test_ordinary_not_found_pages_behind_a_good_link_are_not_counted_as_guesses(
    client, grant, link
):
    token = link(grant())
    for _ in range(5):
        assert client.get(_url(token, "/final/2028")).status_code == 404  # not open yet
        assert client.get(_url(token, "/plan/9")).status_code == 404
    assert client.get(_url("A" * 43)).status_code == 404  # the first guess: still a 404


def test_the_plan_starts_from_the_year_table(app, pages, grant, link):
    token = link(grant())
    page = pages.get(_url(token))
    rows = [
        [c.get_text(" ", strip=True) for c in tr.select("th, td")]
        for tr in page.select("#plan ~ div table tbody tr")
    ]
    assert rows == [
        [
            "Virksomhetens budsjett Ingen indikator ennå",
            "Head of collection",
            "3\xa0000\xa0000\xa0kr",
            "4\xa0000\xa0000\xa0kr",
        ],
        [
            "Innbyggere og næringsliv Ingen indikator ennå",
            "Head of collection",
            "2\xa0000\xa0000\xa0kr",
            "2\xa0000\xa0000\xa0kr",
        ],
    ]


def test_the_agency_changes_a_benefit_freely_before_the_final_grant(app, pages, grant, link):
    project = grant()
    token = link(project)
    pages.get(_url(token))
    response = pages.submit(
        _url(token, "/plan/1"),
        {
            "name": "Innsparing i innkrevingen",
            "owner": "Avdelingsdirektør innkreving",
            "indicator": "Årsverk i innkrevingen",
            "baseline": "42 årsverk i 2025",
            "target_2027": "3,5 mill.",
            "target_2028": "",
            "target_2029": "4 500 000",
        },
    )
    assert response.status_code == 303
    with app.app_context():
        benefit = db.session.scalar(select(Benefit).where(Benefit.position == 1))
        assert {t.year: t.amount for t in benefit.targets} == {2027: 3_500_000, 2029: 4_500_000}
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "benefit_plan_changed")
        )
        assert event.note is None and event.detail["after_final_grant"] is False
        assert event.detail["changed"]["targets"] == [
            {"2027": 3 * MNOK, "2028": 4 * MNOK},
            {"2027": 3_500_000, "2029": 4_500_000},
        ]


def test_an_unreadable_target_is_explained_and_nothing_is_saved(app, pages, grant, link):
    token = link(grant())
    pages.get(_url(token))
    response = pages.submit(_url(token, "/plan/1"), {"name": "Ny", "target_2027": "mye"})
    assert response.status_code == 422
    page = pages.page(response)
    assert page.select_one(".error-summary a")["href"] == "#target_2027"
    assert page.select_one("#target_2027")["value"] == "mye"
    with app.app_context():
        assert db.session.scalar(select(Benefit.name).where(Benefit.position == 1)) != "Ny"


def test_after_the_final_grant_a_change_needs_a_reason_which_is_recorded(app, pages, grant, link):
    token = link(grant(final_sent_at=datetime(2026, 9, 1, 12)))
    page = pages.get(_url(token, "/plan/2"))
    assert page.select_one("#reason")
    response = pages.submit(
        _url(token, "/plan/2"), {"name": "Innbyggere", "target_2027": "1 000 000"}
    )
    assert response.status_code == 422
    assert (
        "Gi grunnen til endringen" in pages.page(response).select_one(".error-summary").get_text()
    )
    with app.app_context():
        assert db.session.scalar(select(Benefit.name).where(Benefit.position == 2)) != "Innbyggere"
    response = pages.submit(
        _url(token, "/plan/2"),
        {
            "name": "Innbyggere",
            "target_2027": "1 000 000",
            "target_2028": "2 000 000",
            "reason": "Løsningen kom i drift et halvt år seinere.",
        },
    )
    assert response.status_code == 303
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "benefit_plan_changed")
        )
        assert event.note == "Løsningen kom i drift et halvt år seinere."
        assert event.detail["after_final_grant"] is True


def test_a_benefit_of_another_project_is_not_found(pages, grant, link):
    token = link(grant())
    other = link(grant())
    pages.get(_url(other))
    assert pages.client.get(_url(token, "/plan/9")).status_code == 404


def test_a_target_a_report_was_measured_against_changes_only_with_a_reason(app, pages, grant, link):
    from webapp.reporting.models import Report

    project = grant()
    token = link(project)
    with app.app_context():
        db.session.add(
            Report(
                application_id=project.id,
                kind="annual",
                year=2027,
                spent=1,
                texts={},
                submitted_at=datetime(2026, 11, 1),
            )
        )
        db.session.commit()
    page = pages.get(_url(token, "/plan/1"))
    data = {
        f: page.select_one(f"#{f}").get("value") or page.select_one(f"#{f}").get_text()
        for f in ("name", "owner", "indicator", "baseline")
    }
    data.update({"target_2027": "1 000 000", "target_2028": "4 000 000"})
    response = pages.submit(_url(token, "/plan/1"), data)
    assert response.status_code == 422
    assert (
        "Gi grunnen til endringen" in pages.page(response).select_one(".error-summary").get_text()
    )
    # A target of a year not reported on changes freely.
    data.update({"target_2027": "3 000 000", "target_2028": "4 500 000"})
    assert pages.submit(_url(token, "/plan/1"), data).status_code == 303


def test_a_project_never_has_two_working_links_and_old_link_mails_leave_the_outbox(
    app, grant, link
):
    from sqlalchemy.exc import IntegrityError

    project = grant()
    link(project)
    with app.app_context():
        events = set(db.session.scalars(select(Job.event)))
        assert len(events) == 1
        db.session.add(ReportingLink(application_id=project.id, token_hash="x" * 64, recipients=[]))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
    link(project)  # replaced before the worker sent the first link's mails
    with app.app_context():
        left = set(db.session.scalars(select(Job.event)))
    # The first link's mails are gone; the new link's and the notice that the first ended wait.
    assert left.isdisjoint(events)
    assert sorted(event.split(":")[0] for event in left) == [
        "reporting_link",
        "reporting_link_ended",
    ]


def test_those_who_had_the_link_are_told_when_it_ends(app, grant, link, lead_advisor):
    from webapp.models import Advisor, Application

    project = grant()
    link(project, ("ingrid.berg@example.no",))
    link(project, ("nils.ovrebo@example.no",))  # replaced: Ingrid is told where it went
    with app.test_request_context():
        reporting_links.revoke(
            db.session.get(Application, project.id), db.session.get(Advisor, lead_advisor.id)
        )
        db.session.commit()
        ended = {
            job.recipient: job.payload["text"]
            for job in db.session.scalars(select(Job).where(Job.event.contains("-ended")))
        }
    assert set(ended) == {"ingrid.berg@example.no", "nils.ovrebo@example.no"}
    assert "nils.ovrebo@example.no" in ended["ingrid.berg@example.no"]
    assert "Ingen ny lenke er sendt." in ended["nils.ovrebo@example.no"]
