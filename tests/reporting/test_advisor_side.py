"""The advisor's side of reporting: the link sent, replaced and revoked from the case in the
call, and the agency's reports read there; all behind the login, every form with CSRF."""

from __future__ import annotations

from sqlalchemy import select

from webapp.extensions import db
from webapp.jobs.models import Job
from webapp.reporting.models import ReportingLink


def _entry(project) -> str:
    return f"/nb/advisor/calls/2026/applications/{project.reference}"


def test_an_advisor_sends_replaces_and_revokes_the_link(app, pages, auth, advisor, grant):
    project = grant()
    auth.login(advisor, lang="nb")
    page = pages.get(_entry(project))
    section = page.select_one("section[aria-labelledby=reporting-heading]")
    assert section.select_one("#contact_email")["value"] == "ingrid.berg@example.no"
    response = pages.submit(
        _entry(project) + "/reporting-link",
        {"contact_email": "ingrid.berg@example.no", "head_email": "ikke en adresse"},
        form_url=_entry(project),
    )
    assert response.status_code == 200
    assert pages.page(response).select_one(".error-summary a")["href"] == "#head_email"
    response = pages.submit(
        _entry(project) + "/reporting-link",
        {"contact_email": "ingrid.berg@example.no", "head_email": "leder@skatteetaten.no"},
        form_url=_entry(project),
    )
    assert response.status_code == 303
    with app.app_context():
        link = db.session.scalar(select(ReportingLink))
        assert link.recipients == ["ingrid.berg@example.no", "leder@skatteetaten.no"]
        mails = db.session.scalars(select(Job.recipient).where(Job.event.contains("link-"))).all()
        assert sorted(mails) == ["ingrid.berg@example.no", "leder@skatteetaten.no"]
    text = (
        pages.get(_entry(project))
        .select_one("section[aria-labelledby=reporting-heading]")
        .get_text()
    )
    assert "leder@skatteetaten.no" in text and "Ikke brukt ennå" in text
    pages.submit(_entry(project) + "/reporting-link/revoke", {}, form_url=_entry(project))
    with app.app_context():
        assert db.session.scalar(select(ReportingLink.revoked_at)) is not None


def test_a_rejected_or_undecided_case_has_no_reporting_section(app, pages, auth, advisor, grant):
    from webapp.models import GrantDecision

    project = grant()
    with app.app_context():
        db.session.get(GrantDecision, project.id).sent_at = None
        db.session.commit()
    auth.login(advisor, lang="nb")
    assert not pages.get(_entry(project)).select("section[aria-labelledby=reporting-heading]")
    response = pages.submit(
        _entry(project) + "/reporting-link",
        {"contact_email": "ingrid.berg@example.no"},
        form_url=_entry(project),
        follow_redirects=True,
    )
    assert "når tilsagnet er sendt" in pages.page(response).get_text()


def test_the_advisor_reads_the_agencys_report(app, pages, auth, advisor, grant, link):
    project = grant()
    token = link(project)
    pages.submit(
        f"/nb/report/{token}/annual/2026",
        {"action": "submit", "spent": "9 000 000", "deviations": "Innkjøpet kom seint."},
    )
    auth.login(advisor, lang="nb")
    section = pages.get(_entry(project)).select_one("section[aria-labelledby=reporting-heading]")
    href = section.find("a", string="Årsrapport for 2026")["href"]
    page = pages.get(href)
    assert "Innkjøpet kom seint." in page.get_text() and "9\xa0000\xa0000\xa0kr" in page.get_text()


def test_without_login_and_without_csrf_nothing_happens(app, client, grant, link, auth, advisor):
    project = grant()
    link(project)
    url = _entry(project) + "/reporting-link/revoke"
    assert client.post(url).status_code in (302, 303, 400)
    auth.login(advisor, lang="nb")
    assert client.post(url).status_code == 400  # no CSRF token
    with app.app_context():
        assert db.session.scalar(select(ReportingLink.revoked_at)) is None


def test_the_case_history_tells_what_happened_after_the_grant(pages, auth, advisor, grant, link):
    project = grant()
    token = link(project)
    pages.submit(f"/nb/report/{token}/plan/1", {"name": "Innsparing", "indicator": "Årsverk"})
    pages.submit(f"/nb/report/{token}/annual/2026", {"action": "submit", "spent": "9 000 000"})
    auth.login(advisor, lang="nb")
    history = pages.get(f"/nb/advisor/applications/{project.reference}").get_text(" ")
    history = " ".join(history.split())
    assert (
        "Sendte rapporteringslenken til ingrid.berg@example.no, nils.ovrebo@example.no." in history
    )
    # Posted without the targets (a browser sends them all): they were emptied, and it says so.
    agency = "Virksomheten, via rapporteringslenken"
    assert f"{agency} Endret gevinst 1 i planen (navnet, indikatoren, målene)." in history
    assert "Sendte inn rapporten: Årsrapport 2026, brukt 9 000 000 kr." in history


def test_a_report_posted_without_its_csrf_token_is_refused(app, client, grant, link):
    token = link(grant())
    response = client.post(
        f"/nb/report/{token}/annual/2026", data={"action": "submit", "spent": "1"}
    )
    assert response.status_code == 400
    with app.app_context():
        from webapp.reporting.models import Report

        assert db.session.scalar(select(Report)) is None
