"""The advisors' second factor, with real TOTP codes from pyotp: set-up, login, reuse refused,
recovery codes used once, limits, the account trail, and sessions from before it was required."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pyotp
import pytest
from werkzeug.security import check_password_hash

from tests.advisor.conftest import CHEAP_SCRYPT, PASSWORD, Account
from webapp.extensions import db
from webapp.models import Advisor, RecoveryCode
from webapp.services import account_events, login_limits, second_factor
from webapp.services.advisors import find_advisor

LOGIN = "/en/advisor/login"
CODE_PAGE = "/en/advisor/login/second-factor"
SETUP = "/en/advisor/login/second-factor/set-up"
QUEUE = "/en/advisor/"
ACCOUNT = "/en/advisor/account"
START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC).timestamp()
STEP = 30


@pytest.fixture
def app_settings():
    return {"VEIVISER_SECOND_FACTOR": True, "VEIVISER_SECOND_FACTOR_LIMITS": "5/minute"}


class Clock:
    def __init__(self) -> None:
        self.moment = START

    def __call__(self) -> float:
        return self.moment

    def tick(self, steps: int = 1) -> None:
        self.moment += steps * STEP


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(second_factor, "now", clock)
    monkeypatch.setattr(second_factor, "RECOVERY_HASH_METHOD", CHEAP_SCRYPT)
    return clock


def code_at(secret: str, moment: float) -> str:
    return pyotp.TOTP(secret).at(moment)


def secret_of(app, account: Account) -> str:
    with app.app_context():
        return db.session.get(Advisor, account.id).totp_secret


def events(app, account: Account) -> list[str]:
    with app.app_context():
        advisor = db.session.get(Advisor, account.id)
        return [event.action for event in account_events.history(advisor)][::-1]


def password_step(pages, account: Account):
    return pages.submit(LOGIN, {"email": account.email, "password": PASSWORD})


def enrol(app, account: Account, clock: Clock) -> list[str]:
    """Set up the second factor through the service, as the set-up page does."""
    with app.app_context():
        advisor = db.session.get(Advisor, account.id)
        secret = second_factor.start_enrolment(advisor).secret
        codes = second_factor.confirm_enrolment(advisor, code_at(secret, clock()))
        db.session.commit()
    clock.tick()
    return codes


def log_in(pages, app, account: Account, clock: Clock):
    assert password_step(pages, account).location.endswith(CODE_PAGE)
    return pages.submit(CODE_PAGE, {"code": code_at(secret_of(app, account), clock())})


def test_the_first_login_sets_up_the_factor_with_a_qr_code(app, pages, advisor, clock):
    response = password_step(pages, advisor)
    assert response.status_code == 303 and response.location.endswith(CODE_PAGE)
    # The password alone opens nothing.
    assert pages.client.get(QUEUE).status_code == 303
    assert pages.client.get(CODE_PAGE).location.endswith(SETUP)
    page = pages.get(SETUP)
    assert page.select_one(".qr-code svg")
    typed_key = page.select_one(".secret-key").get_text().replace(" ", "")
    assert typed_key == secret_of(app, advisor)
    # Showing the page again keeps the key the app has scanned already.
    assert pages.get(SETUP).select_one(".secret-key").get_text().replace(" ", "") == typed_key

    response = pages.submit(SETUP, {"code": code_at(typed_key, clock())})
    assert response.status_code == 200
    codes_page = pages.page(response)
    codes = [c.get_text() for c in codes_page.select(".recovery-codes code")]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[2-9a-z]{5}-[2-9a-z]{5}", code) for code in codes)
    assert response.headers["Cache-Control"] == "no-store"
    assert pages.client.get(QUEUE).status_code == 200
    with app.app_context():
        hashes = [row.code_hash for row in db.session.query(RecoveryCode).all()]
    # Only hashes are kept, and each one is of a code that was shown.
    assert not any(
        code in stored or code.replace("-", "") in stored for code in codes for stored in hashes
    )
    assert check_password_hash(hashes[0], codes[0].replace("-", "")) or any(
        check_password_hash(stored, codes[0].replace("-", "")) for stored in hashes
    )
    assert events(app, advisor) == [second_factor.ENROLLED]


def test_a_wrong_code_does_not_finish_the_set_up(app, pages, advisor, clock):
    password_step(pages, advisor)
    pages.get(SETUP)
    wrong = code_at(secret_of(app, advisor), clock() - 10 * STEP)
    response = pages.submit(SETUP, {"code": wrong})
    assert response.status_code == 200
    assert "The code is wrong, or it has been used already." in response.get_data(as_text=True)
    assert pages.client.get(QUEUE).status_code == 303
    with app.app_context():
        assert not second_factor.is_enrolled(db.session.get(Advisor, advisor.id))


def test_an_enrolled_advisor_logs_in_with_a_code_from_the_app(app, pages, advisor, clock):
    enrol(app, advisor, clock)
    response = log_in(pages, app, advisor, clock)
    assert response.status_code == 303 and response.location.endswith(QUEUE)
    assert pages.client.get(QUEUE).status_code == 200


def test_the_login_returns_to_the_page_asked_for(app, pages, advisor, clock):
    enrol(app, advisor, clock)
    wanted = "/en/advisor/?status=submitted"
    pages.submit(
        f"{LOGIN}?next=/en/advisor/%3Fstatus%3Dsubmitted",
        {"email": advisor.email, "password": PASSWORD},
    )
    response = pages.submit(CODE_PAGE, {"code": code_at(secret_of(app, advisor), clock())})
    assert response.location == wanted


def test_a_code_is_accepted_once(app, pages, advisor, auth, clock):
    enrol(app, advisor, clock)
    code = code_at(secret_of(app, advisor), clock())
    password_step(pages, advisor)
    assert pages.submit(CODE_PAGE, {"code": code}).status_code == 303
    auth.logout()
    # The same code again, within its thirty seconds: refused.
    password_step(pages, advisor)
    response = pages.submit(CODE_PAGE, {"code": code})
    assert response.status_code == 200
    assert "it has been used already" in response.get_data(as_text=True)
    # So is the code of the step before, which the window would otherwise allow.
    earlier = code_at(secret_of(app, advisor), clock() - STEP)
    assert pages.submit(CODE_PAGE, {"code": earlier}).status_code == 200
    clock.tick()
    assert (
        pages.submit(CODE_PAGE, {"code": code_at(secret_of(app, advisor), clock())}).status_code
        == 303
    )
    assert second_factor.FAILED in events(app, advisor)


def test_a_phone_half_a_minute_off_still_works_but_not_two_minutes(app, pages, advisor, clock):
    enrol(app, advisor, clock)
    clock.tick(10)
    secret = secret_of(app, advisor)
    password_step(pages, advisor)
    assert pages.submit(CODE_PAGE, {"code": code_at(secret, clock() - 4 * STEP)}).status_code == 200
    assert pages.submit(CODE_PAGE, {"code": code_at(secret, clock() + STEP)}).status_code == 303


def test_a_recovery_code_works_once(app, pages, advisor, auth, clock):
    codes = enrol(app, advisor, clock)
    password_step(pages, advisor)
    response = pages.submit(CODE_PAGE, {"code": codes[3].upper().replace("-", " ")})
    assert response.status_code == 303
    queue = pages.get(QUEUE)
    assert "You logged in with a recovery code. You have 9 left" in queue.get_text()
    auth.logout()
    password_step(pages, advisor)
    assert pages.submit(CODE_PAGE, {"code": codes[3]}).status_code == 200
    assert pages.submit(CODE_PAGE, {"code": codes[4]}).status_code == 303
    assert events(app, advisor).count(second_factor.RECOVERY_USED) == 2


def test_new_recovery_codes_replace_the_old_ones(app, pages, advisor, auth, clock):
    old = enrol(app, advisor, clock)
    log_in(pages, app, advisor, clock)
    clock.tick()
    page = pages.get(ACCOUNT)
    assert "Recovery codes left" in page.get_text()
    response = pages.submit(
        "/en/advisor/account/recovery-codes",
        {"code": code_at(secret_of(app, advisor), clock())},
        form_url=ACCOUNT,
    )
    new = [c.get_text() for c in pages.page(response).select(".recovery-codes code")]
    assert len(new) == 10 and not set(new) & set(old)
    auth.logout()
    password_step(pages, advisor)
    assert pages.submit(CODE_PAGE, {"code": old[0]}).status_code == 200
    assert pages.submit(CODE_PAGE, {"code": new[0]}).status_code == 303
    assert second_factor.RECOVERY_RENEWED in events(app, advisor)


def test_guessing_codes_is_limited_and_the_advisor_is_told(app, pages, advisor, clock):
    enrol(app, advisor, clock)
    password_step(pages, advisor)
    for guess in range(5):
        assert pages.submit(CODE_PAGE, {"code": f"{guess:06d}"}).status_code == 200
    right = code_at(secret_of(app, advisor), clock())
    assert pages.submit(CODE_PAGE, {"code": right}).status_code == 429
    assert events(app, advisor).count(account_events.LOGIN_LIMITED) == 1
    with app.app_context():
        advisor_row = db.session.get(Advisor, advisor.id)
        limited = [
            e.detail for e in account_events.history(advisor_row) if e.action == "login_limited"
        ]
    assert limited[0]["scope"] == login_limits.SECOND_FACTOR


def test_the_half_finished_login_runs_out(app, pages, advisor, clock, monkeypatch):
    from webapp.advisor import sessions

    enrol(app, advisor, clock)
    password_step(pages, advisor)
    token = pages.csrf_token(CODE_PAGE)
    started = sessions.now()
    monkeypatch.setattr(sessions, "now", lambda: started + 11 * 60)
    code = code_at(secret_of(app, advisor), clock())
    response = pages.client.post(CODE_PAGE, data={"csrf_token": token, "code": code})
    assert response.status_code == 303 and "/login" in response.location
    assert "The login took too long" in pages.get(LOGIN).get_text()


@pytest.mark.parametrize("app_settings", [{"VEIVISER_SECOND_FACTOR": False}])
def test_a_session_from_before_the_factor_was_required_must_log_in_again(app, pages, logged_in):
    assert pages.client.get(QUEUE).status_code == 200
    app.config["VEIVISER_SECOND_FACTOR"] = True
    response = pages.client.get(QUEUE)
    assert response.status_code == 303 and "/login" in response.location
    assert password_step(pages, logged_in).location.endswith(CODE_PAGE)


@pytest.mark.parametrize("app_settings", [{"VEIVISER_SECOND_FACTOR": False}])
def test_without_the_setting_only_enrolled_advisors_are_asked(
    app, pages, advisor, other_advisor, auth, clock
):
    assert password_step(pages, advisor).location.endswith(QUEUE)
    auth.logout()
    enrol(app, other_advisor, clock)
    assert password_step(pages, other_advisor).location.endswith(CODE_PAGE)


def test_the_code_pages_need_a_password_first(pages):
    for url in (CODE_PAGE, SETUP):
        response = pages.client.get(url)
        assert response.status_code == 303 and response.location.endswith("/login")


def test_an_administrator_resets_a_lost_factor(app, runner, pages, advisor, clock):
    enrol(app, advisor, clock)
    result = runner.invoke(args=["advisors", "reset-second-factor", advisor.email])
    assert result.exit_code == 0, result.output
    assert password_step(pages, advisor).location.endswith(CODE_PAGE)
    assert pages.client.get(CODE_PAGE).location.endswith(SETUP)
    with app.app_context():
        assert db.session.query(RecoveryCode).count() == 0
        assert second_factor.RESET in [
            e.action for e in account_events.history(find_advisor(advisor.email))
        ]


def test_the_pages_in_norwegian(app, pages, advisor, clock):
    pages.submit("/nb/advisor/login", {"email": advisor.email, "password": PASSWORD})
    page = pages.get("/nn/advisor/login/second-factor/set-up")
    assert page.select_one("html")["lang"] == "nn"
    assert page.select_one("h1").get_text(strip=True) == "Set opp den andre faktoren"
