"""A sent application cannot change: a save from a page read while it was still a draft (a
second tab) loses the race to the submit, on SQLite and PostgreSQL, and says so."""

from __future__ import annotations

import threading

from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from tests.apply.journey import post_step, submit, walk_to_check
from webapp.apply import views
from webapp.extensions import db
from webapp.models import Application, ApplicationStatus, AuditEvent
from webapp.services import drafts


def stored(app) -> Application:
    with app.app_context():
        application = db.session.scalar(select(Application))
        db.session.expunge(application)
        return application


def test_a_save_that_read_the_draft_before_the_submit_changes_nothing(app):
    with app.app_context(), app.test_request_context("/en/"):
        draft = drafts.create_draft("en")
        drafts.save_answers(draft, {"total_cost": 12_500_000, "schemes": ["cofinancing"]}, "en")
        db.session.commit()  # the request that saved it ends
        public_id = draft.public_id
        stale = db.session.scalar(select(Application).where(Application.public_id == public_id))

        def send() -> None:  # another request, on its own connection, sends it meanwhile
            with app.app_context(), app.test_request_context("/en/"):
                other = drafts.find_draft(public_id)
                drafts.submit(other)
                db.session.commit()

        thread = threading.Thread(target=send)
        thread.start()
        thread.join()
        assert stale.status == ApplicationStatus.DRAFT  # what this request read
        try:
            drafts.save_answers(stale, {"total_cost": 60_000_000, "schemes": []}, "en")
        except drafts.DraftClosed:
            pass
        else:
            raise AssertionError("a save after the submit was accepted")
    after = stored(app)
    assert after.status == ApplicationStatus.SUBMITTED
    assert after.answers["total_cost"] == 12_500_000 and after.total_cost == 12_500_000
    assert after.answers["schemes"] == ["cofinancing"]
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions == ["submitted"]


def test_the_second_tab_is_told_the_change_was_not_saved(app, pages, monkeypatch):
    walk_to_check(pages, "en")
    public_id = stored(app).public_id

    def as_read_before_the_submit():
        # The draft as the second tab's request read it: still a draft in its memory.
        application = db.session.scalar(
            select(Application).where(Application.public_id == public_id)
        )
        set_committed_value(application, "status", ApplicationStatus.DRAFT)
        return application

    receipt = submit(pages, "en").location
    monkeypatch.setattr(views, "current_draft", as_read_before_the_submit)
    response = post_step(
        pages, "en", "budget", {"total_cost": "60 000 000", "estimate_kind": "p50"}
    )
    assert response.status_code == 409
    page = pages.page(response)
    assert page.select_one("h1").get_text(strip=True) == "The application has already been sent"
    assert page.select_one(f"a[href='{receipt}']")
    assert response.headers["Cache-Control"] == "no-store"
    after = stored(app)
    assert after.status == ApplicationStatus.SUBMITTED
    assert after.answers["total_cost"] == 12_500_000
