"""The reports: when each is due, drafts kept, what a submission must hold, submitted once and
read-only, and the late and lagging rules at their boundaries; reminders through the outbox."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.jobs.models import Job
from webapp.models import Application, AuditEvent
from webapp.reporting.models import RealisedBenefit, Report
from webapp.services import report_reminders, reports
from webapp.services.reports import DueReport


def _url(token: str, tail: str = "") -> str:
    return f"/nb/report/{token}{tail}"


def _schedule(app, project) -> list[tuple[str, int, date]]:
    with app.app_context():
        application = db.session.get(Application, project.id)
        return [(d.kind, d.year, d.due_on) for d in reports.schedule(application)]


def test_the_schedule_follows_the_rule_sets_days_from_the_grant_to_the_planned_end(app, grant):
    # Granted 15 May 2026, planned end December 2028 (digdir: 1 March, 1 October, 1 March).
    assert _schedule(app, grant()) == [
        ("forecast", 2026, date(2026, 10, 1)),
        ("annual", 2026, date(2027, 3, 1)),
        ("forecast", 2027, date(2027, 10, 1)),
        ("annual", 2027, date(2028, 3, 1)),
        ("forecast", 2028, date(2028, 10, 1)),
        ("final", 2028, date(2029, 3, 1)),
    ]
    # Granted after this year's forecast day: the first forecast is next year's.
    late_grant = grant(sent_at=datetime(2026, 10, 2, 9))
    assert _schedule(app, late_grant)[0] == ("annual", 2026, date(2027, 3, 1))


def test_the_2018_rules_set_no_reporting_days(app, grant):
    assert _schedule(app, grant(ruleset_id="difi-2018")) == []


def test_a_project_without_a_planned_end_reports_over_three_budget_years(app, grant):
    from tests.reporting.conftest import GRANTED_ANSWERS

    project = grant(answers={**GRANTED_ANSWERS, "planned_end": ""})
    assert _schedule(app, project)[-1] == ("final", 2028, date(2029, 3, 1))


DUE = date(2027, 3, 1)


@pytest.mark.parametrize(
    ("today", "late"),
    [(date(2027, 2, 28), False), (DUE, False), (date(2027, 3, 2), True)],
)
def test_a_report_is_late_from_the_day_after_its_due_date(today, late):
    assert DueReport("annual", 2026, DUE, None).is_late(today) is late


def test_a_submitted_report_is_never_late_nor_reminded():
    submitted = Report(kind="annual", year=2026, submitted_at=datetime(2027, 4, 1))
    due = DueReport("annual", 2026, DUE, submitted)
    assert not due.is_late(date(2027, 6, 1)) and not due.due_within(date(2027, 2, 20), 14)


@pytest.mark.parametrize(
    ("today", "within"),
    [(date(2027, 2, 14), False), (date(2027, 2, 15), True), (DUE, True), (date(2027, 3, 2), False)],
)
def test_a_reminder_is_due_in_the_days_before_the_due_date(today, within):
    assert DueReport("annual", 2026, DUE, None).due_within(today, 14) is within


@pytest.mark.parametrize(
    ("planned", "realised", "lagging"),
    [
        (1_000_000, 800_000, False),  # exactly 20 % short: not more than the share
        (1_000_000, 799_999, True),
        (1_000_000, 1_200_000, False),
        (0, 0, False),  # nothing planned never lags
        (0, 5, False),
        (1, 0, True),
    ],
)
def test_benefits_lag_when_short_of_the_plan_by_more_than_the_share(planned, realised, lagging):
    assert reports.is_lagging(planned, realised, 20) is lagging


ANNUAL = "/annual/2026"


def test_a_draft_is_kept_incomplete_and_amounts_are_read_as_the_wizard_reads_them(
    app, pages, grant, link
):
    token = link(grant())
    response = pages.submit(
        _url(token, ANNUAL),
        {"action": "draft", "spent": "9,5 mill.", "deviations": "Forsinket innkjøp."},
    )
    assert response.status_code == 303
    with app.app_context():
        report = db.session.scalar(select(Report))
        assert (report.spent, report.texts["deviations"], report.submitted_at) == (
            9_500_000,
            "Forsinket innkjøp.",
            None,
        )
    page = pages.get(_url(token, ANNUAL))
    assert page.select_one("#spent")["value"] == "9\xa0500\xa0000"
    assert "Utkast lagret" in pages.get(_url(token)).get_text()


def test_an_unreadable_amount_is_explained_and_what_was_typed_stays(app, pages, grant, link):
    token = link(grant())
    response = pages.submit(_url(token, ANNUAL), {"action": "draft", "spent": "ni millioner"})
    assert response.status_code == 422
    page = pages.page(response)
    assert page.select_one(".error-summary a")["href"] == "#spent"
    assert page.select_one("#spent")["value"] == "ni millioner"
    with app.app_context():
        assert db.session.scalar(select(Report)) is None


def test_a_submission_without_the_spending_keeps_the_draft_and_says_what_is_missing(
    app, pages, grant, link
):
    token = link(grant())
    response = pages.submit(_url(token, ANNUAL), {"action": "submit", "deviations": "Ingen."})
    assert response.status_code == 422
    summary = pages.page(response).select_one(".error-summary").get_text()
    assert "Skriv hva dere brukte i året" in summary
    with app.app_context():
        report = db.session.scalar(select(Report))
        assert report.texts["deviations"] == "Ingen." and report.submitted_at is None


def test_a_realised_value_without_a_target_needs_a_comment(app, pages, grant, link):
    token = link(grant())
    with app.app_context():
        from webapp.reporting.models import Benefit

        first = db.session.scalar(select(Benefit).where(Benefit.position == 1))
        benefit_id = first.id
        assert first.target(2026) is None  # benefits start in 2027
    data = {"action": "submit", "spent": "10 000 000", f"realised_{benefit_id}": "200 000"}
    response = pages.submit(_url(token, ANNUAL), data)
    assert response.status_code == 422
    page = pages.page(response)
    assert page.select_one(".error-summary a")["href"] == f"#comment_{benefit_id}"
    assert "har ikke noe mål" in page.select_one(".error-summary").get_text()
    data[f"comment_{benefit_id}"] = "Den nye løsningen ble tatt i bruk tidlig i én region."
    assert pages.submit(_url(token, ANNUAL), data).status_code == 303
    with app.app_context():
        row = db.session.scalar(select(RealisedBenefit))
        assert (row.benefit_id, row.amount) == (benefit_id, 200_000)


def test_a_submitted_report_is_audited_read_only_and_submitted_once(
    app, pages, client, grant, link
):
    token = link(grant())
    form = pages.csrf_token(_url(token, ANNUAL))
    data = {"csrf_token": form, "action": "submit", "spent": "10 000 000"}
    assert client.post(_url(token, ANNUAL), data=data).status_code == 303
    page = pages.get(_url(token, ANNUAL))
    assert not page.select("form[method=post]")
    assert "kan ikke lenger endres" in page.get_text()
    # A second post (a double click, an old tab) changes nothing.
    again = client.post(_url(token, ANNUAL), data={**data, "spent": "1"})
    assert again.status_code == 409
    assert "kan ikke lenger endres" in again.get_data(as_text=True)
    with app.app_context():
        report = db.session.scalar(select(Report))
        assert report.spent == 10_000_000 and report.submitted_at is not None
        events = [
            e.detail
            for e in db.session.scalars(
                select(AuditEvent).where(AuditEvent.action == "report_submitted")
            )
        ]
    assert events == [{"kind": "annual", "year": 2026, "spent": 10_000_000}]


def test_the_final_report_needs_a_completion_date_not_in_the_future(app, pages, grant, link, today):
    project = grant(answers=None)
    token = link(project)
    today(date(2028, 12, 20))  # the final report on 2028 opens a year before 1 March 2029
    url = _url(token, "/final/2028")
    response = pages.submit(
        url, {"action": "submit", "spent": "1 000 000", "completed_on": "2029-01-05"}
    )
    assert response.status_code == 422
    assert "kan ikke være fram i tid" in pages.page(response).get_text()
    response = pages.submit(
        url, {"action": "submit", "spent": "1 000 000", "completed_on": "5. desember"}
    )
    assert response.status_code == 422
    response = pages.submit(
        url, {"action": "submit", "spent": "1 000 000", "completed_on": "2028-12-15"}
    )
    assert response.status_code == 303


def test_a_report_far_ahead_is_not_open_yet(pages, grant, link):
    token = link(grant())
    assert pages.client.get(_url(token, "/final/2028")).status_code == 404
    assert pages.client.get(_url(token, "/annual/2031")).status_code == 404


def test_the_forecast_asks_for_the_expected_spending_only(pages, grant, link):
    token = link(grant())
    page = pages.get(_url(token, "/forecast/2027"))
    assert page.select_one("label[for=spent]").get_text(strip=True).startswith("Forventet forbruk")
    assert not page.select("[id^=realised_]") and not page.select("#external_owners")


def test_reminders_go_before_the_due_date_and_once_when_late(app, grant, link):
    project = grant()
    link(project)

    def remind(day: date):
        with app.test_request_context():
            sent = report_reminders.remind(day)
            db.session.commit()
            events = sorted(
                (job.event, job.recipient)
                for job in db.session.scalars(select(Job).where(Job.kind == "mail"))
                if job.event.startswith(("report_due:", "report_late:"))
            )
            return sent, events

    sent, events = remind(date(2026, 9, 17))  # 14 days before the first forecast
    assert (sent.due, sent.late) == (2, 0)
    assert events == [
        (f"report_due:{project.reference}:forecast:2026", "ingrid.berg@example.no"),
        (f"report_due:{project.reference}:forecast:2026", "nils.ovrebo@example.no"),
    ]
    assert remind(date(2026, 9, 18))[0].due == 0  # the same reminder is not sent again
    sent, events = remind(date(2026, 10, 2))
    assert (sent.due, sent.late) == (0, 2)
    assert remind(date(2026, 10, 30))[0].late == 0


def test_the_daily_command_queues_the_reminders(app, runner, grant, link):
    link(grant())
    app.config["SERVER_NAME"] = "veiviser.example.no"
    result = runner.invoke(args=["reports", "remind", "--today", "2026-10-02"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "reminders queued: 0 due soon, 2 late"
    again = runner.invoke(args=["reports", "remind", "--today", "2026-10-02"])
    assert again.output.strip() == "reminders queued: 0 due soon, 0 late"
    with app.app_context():
        job = db.session.scalar(select(Job).where(Job.event.startswith("report_late:")))
        assert "1. oktober 2026" in job.payload["text"]
        assert job.payload["subject"].startswith("Forsinket: utgiftsprognosen for 2026")


def test_two_windows_beginning_the_same_report_lose_nothing(app, pages, grant, link, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    token = link(grant())
    pages.get(_url(token, ANNUAL))

    def raced(*args, **kwargs):
        raise IntegrityError("INSERT INTO reports", {}, Exception("uq_reports_application_kind"))

    monkeypatch.setattr(reports, "save", raced)
    response = pages.submit(_url(token, ANNUAL), {"action": "draft", "spent": "4 000 000"})
    assert response.status_code == 409
    page = pages.page(response)
    assert page.select_one("#spent")["value"] == "4 000 000"
    assert "Lagre den igjen" in page.select_one(".notice[role=alert]").get_text()


def test_a_draft_saved_in_an_old_window_never_overwrites_a_submitted_report(app, grant, link):
    project = grant()
    link(project)
    with app.test_request_context():
        application = db.session.get(Application, project.id)
        benefits = []
        first = reports.due_report(application, "annual", 2026)
        draft = reports.ReportDraft(spent=5, texts={"deviations": "first"}, realised={})
        saved = reports.save(application, first, draft, benefits)
        db.session.commit()
        stale = reports.due_report(application, "annual", 2026)  # the old window's view
        reports.submit(application, saved)
        db.session.commit()
        with pytest.raises(reports.ReportRefused):
            reports.save(application, stale, reports.ReportDraft(999, {"deviations": "x"}, {}), [])
        db.session.rollback()
        report = db.session.scalar(select(Report))
        assert (report.spent, report.texts["deviations"]) == (5, "first")
