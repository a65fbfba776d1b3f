"""Nothing in the advisor area opens without a logged-in, active advisor."""

from __future__ import annotations

import re

import pytest
from werkzeug.routing import Rule

from tests.advisor.conftest import Account
from webapp.advisor.roles import required_role
from webapp.extensions import db
from webapp.models import Advisor, Application, ApplicationStatus
from webapp.services import advisors
from webapp.services.queue import find_application

REFERENCE = "VV-2026-000001"
SAMPLE_ARGUMENTS = {
    "lang_code": "en",
    "reference": REFERENCE,
    "scheme": "council",
    "attachment_id": "A" * 43,
    "number": "1",
    "document": "advice-letter",
    "year": "2027",
    "letter": "preliminary-grant",
    "chart": "years",
    "kind": "annual",
    "report_year": "2026",
}
LOGIN_PATH = "/en/advisor/login"


def advisor_rules(app) -> list[Rule]:
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("advisor.")]


def build(rule: Rule) -> str:
    missing = rule.arguments - SAMPLE_ARGUMENTS.keys()
    assert not missing, f"add sample values for {missing} to SAMPLE_ARGUMENTS"
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(rf"<(?:[^>:]+:)?{name}>", SAMPLE_ARGUMENTS[name], path)
    return path


def csrf_token(pages) -> str:
    return pages.csrf_token(LOGIN_PATH)


def test_every_advisor_endpoint_but_login_needs_a_login(app, client, pages, make_application):
    make_application()
    token = csrf_token(pages)
    checked = []
    for rule in advisor_rules(app):
        if rule.endpoint == "advisor.login":
            continue
        path = build(rule)
        for method in sorted(rule.methods & {"GET", "POST", "PUT", "PATCH", "DELETE"}):
            response = client.open(path, method=method, data={"csrf_token": token})
            assert response.status_code in (302, 303, 401, 403), (method, path)
            if response.status_code in (302, 303):
                assert response.location.startswith(LOGIN_PATH), (method, path)
            checked.append((method, rule.endpoint))
    endpoints = {endpoint for _, endpoint in checked}
    assert {
        "advisor.queue",
        "advisor.application",
        "advisor.change_status",
        "advisor.letter",
        "advisor.letter_preview",
        "advisor.letter_download",
        "advisor.application_preview",
        "advisor.application_download",
    } <= endpoints
    assert ("POST", "advisor.letter") in checked


def test_advisor_urls_are_kebab_case_with_the_language_first(app):
    for rule in advisor_rules(app):
        assert rule.rule.startswith("/<lang:lang_code>/advisor/"), rule.rule
        static = re.sub(r"<[^>]+>", "", rule.rule)
        assert re.fullmatch(r"[a-z0-9/-]*(\.docx|\.xlsx|\.pdf|\.csv|\.svg)?", static), rule.rule


# The access matrix: who may open what.
CASE = f"/en/advisor/applications/{REFERENCE}"
URLS = {
    "login": ("GET", LOGIN_PATH),
    "queue": ("GET", "/en/advisor/"),
    "application": ("GET", CASE),
    "change status": ("POST", f"{CASE}/status"),
    "letter form": ("GET", f"{CASE}/letter"),
    "save letter": ("POST", f"{CASE}/letter"),
    "letter preview": ("GET", f"{CASE}/letter/preview"),
    "letter download": ("GET", f"{CASE}/letter.docx"),
    "application preview": ("GET", f"{CASE}/application-council/preview"),
    "application download": ("GET", f"{CASE}/application-council.docx"),
    "logout": ("POST", "/en/advisor/logout"),
}
ADVISOR_EXPECTS = {
    "login": (303, "/en/advisor/"),
    "queue": (200, None),
    "application": (200, None),
    "change status": (303, CASE),
    "letter form": (200, None),
    "save letter": (200, None),  # the matrix posts no letter: the form comes back with errors
    "letter preview": (200, None),
    "letter download": (200, None),
    "application preview": (200, None),
    "application download": (200, None),
    "logout": (303, LOGIN_PATH),
}
# Everyone else sees the login page, and is sent there from anything else (and back after).
OUTSIDER_EXPECTS = {
    "login": (200, None),
    "queue": (303, f"{LOGIN_PATH}?next=/en/advisor/"),
    "application": (303, f"{LOGIN_PATH}?next={CASE}"),
    "change status": (303, LOGIN_PATH),
    "letter form": (303, f"{LOGIN_PATH}?next={CASE}/letter"),
    "save letter": (303, LOGIN_PATH),
    "letter preview": (303, f"{LOGIN_PATH}?next={CASE}/letter/preview"),
    "letter download": (303, f"{LOGIN_PATH}?next={CASE}/letter.docx"),
    "application preview": (303, f"{LOGIN_PATH}?next={CASE}/application-council/preview"),
    "application download": (303, f"{LOGIN_PATH}?next={CASE}/application-council.docx"),
    "logout": (303, LOGIN_PATH),
}
ROLES = ["anonymous", "applicant with a draft", "advisor", "disabled advisor"]


@pytest.fixture
def as_role(request, app, client, auth, advisor: Account, make_application):
    role = request.param
    make_application()
    if role == "applicant with a draft":
        public_id = make_application(status=ApplicationStatus.DRAFT)
        with client.session_transaction() as session:
            session["draft_id"] = public_id
    if role in ("advisor", "disabled advisor"):
        assert auth.login(advisor).status_code == 303
    if role == "disabled advisor":
        with app.app_context():
            advisors.disable_advisor(advisor.email)
            db.session.commit()  # as the command does
    return role


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_access_matrix(client, pages, as_role):
    # One client per role, the URLs in order: logging out comes last.
    outcomes = {}
    for name, (method, path) in URLS.items():
        token = pages.csrf_token("/en/advisor/" if as_role == "advisor" else LOGIN_PATH)
        response = client.open(
            path, method=method, data={"csrf_token": token, "status": "in_review"}
        )
        outcomes[name] = (response.status_code, response.location)
        # Case data is never cached, whoever asks and whatever the answer.
        assert response.headers["Cache-Control"] == "no-store", name
        if as_role != "advisor":
            assert b"Skatteetaten" not in response.data, name
        if as_role == "disabled advisor":
            with client.session_transaction() as session:
                assert "_user_id" not in session, name  # logged out at the first request
        if as_role == "applicant with a draft":
            with client.session_transaction() as session:
                assert session.get("draft_id"), name  # the applicant's own work is left alone
    assert outcomes == (ADVISOR_EXPECTS if as_role == "advisor" else OUTSIDER_EXPECTS)


def test_a_disabled_advisor_is_logged_out_at_the_next_request(app, client, logged_in):
    assert client.get("/en/advisor/").status_code == 200
    with app.app_context():
        advisor = db.session.get(Advisor, logged_in.id)
        advisor.active = False  # disabled directly in the database: no token change
        db.session.commit()
    response = client.get("/en/advisor/")
    assert response.status_code == 303
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_an_applicant_cannot_reach_a_submitted_application(app, client, make_application):
    reference = make_application()
    with app.app_context():
        draft = Application(status="draft", ruleset_id="difi-2018", answers={}, assessment={})
        db.session.add(draft)
        db.session.commit()
        public_id = draft.public_id
    with client.session_transaction() as session:
        session["draft_id"] = public_id
    response = client.get(f"/en/advisor/applications/{reference}")
    assert response.status_code == 303
    assert "Skatteetaten" not in response.get_data(as_text=True)


# --- (anonymous, advisor, lead advisor) × every advisor URL ---------------------------------

# The views only a lead advisor may use. A new lead view must be named here *and* carry
# `lead_required`: the test checks both ways.
LEAD_ONLY = {
    "advisor.call_new",
    "advisor.call_edit",
    "advisor.ranking_amount",
    "advisor.ranking_place",
    "advisor.decision_form",
    "advisor.decision_send",
    "advisor.plan_changes",
    "advisor.final_form",
    "advisor.final_send",
}
# Pages every advisor opens for the sample case and its call.
MUST_OPEN = {
    "advisor.queue",
    "advisor.application",
    "advisor.letter",
    "advisor.calls_list",
    "advisor.call_ranking",
    "advisor.ranking_csv",
    "advisor.ranking_xlsx",
    "advisor.ranking_entry",
    "advisor.council_figures_page",
    "advisor.council_figures_csv",
}
# Pages of the login itself, open to anyone.
LOGIN_PAGES = {"advisor.login", "advisor.second_factor", "advisor.second_factor_setup"}


def test_the_lead_only_views_are_marked_and_only_those(app):
    marked = {
        rule.endpoint
        for rule in advisor_rules(app)
        if required_role(app.view_functions[rule.endpoint]) == "lead"
    }
    assert marked == LEAD_ONLY


@pytest.fixture
def case_in_call(app, make_application) -> None:
    """The sample application, sent for co-financing, in the sample year's call."""
    from datetime import timedelta

    from webapp.models import Call, utcnow
    from webapp.services import calls

    reference = make_application()
    assert reference == REFERENCE
    with app.app_context():
        now = utcnow().replace(microsecond=0)
        call = Call(
            year=int(SAMPLE_ARGUMENTS["year"]),
            ruleset_id="digdir-10-100",
            pot=20_000_000,
            opens_on=(now - timedelta(days=30)).date(),
            deadline_at=now + timedelta(days=30),
        )
        db.session.add(call)
        application = find_application(REFERENCE)
        calls.join(application, call)
        db.session.commit()


def _requests(app) -> list[tuple[str, str, str]]:
    """(method, path, endpoint) for every advisor route; logging out comes last."""
    found = [
        (method, build(rule), rule.endpoint)
        for rule in advisor_rules(app)
        for method in sorted(rule.methods & {"GET", "POST", "PUT", "PATCH", "DELETE"})
    ]
    return sorted(found, key=lambda request: request[2] == "advisor.logout")


@pytest.mark.parametrize("role", ["anonymous", "advisor", "lead advisor"])
def test_every_advisor_url_for_every_role(
    app, client, pages, auth, advisor: Account, lead_advisor: Account, case_in_call, role
):
    if role != "anonymous":
        assert auth.login(advisor if role == "advisor" else lead_advisor).status_code == 303
    token = pages.csrf_token(LOGIN_PATH if role == "anonymous" else "/en/advisor/")
    checked = set()
    for method, path, endpoint in _requests(app):
        response = client.open(path, method=method, data={"csrf_token": token})
        status, location = response.status_code, response.location or ""
        where = (role, method, path)
        assert status < 500, where
        assert response.headers["Cache-Control"] == "no-store", where
        if endpoint in LOGIN_PAGES:
            pass  # open to all; what they do is tested with the login
        elif role == "anonymous":
            assert status == 303 and location.startswith(LOGIN_PATH), where
            assert b"Skatteetaten" not in response.data, where
        elif role == "advisor" and endpoint in LEAD_ONLY:
            assert status == 403, where
            assert b"Skatteetaten" not in response.data, where
        else:
            # 404: the sample names no attachment or archive copy; the pages that show the
            # sample case must open (below).
            assert status in (200, 303, 404), where
            assert not location.startswith(LOGIN_PATH) or endpoint == "advisor.logout", where
            if method == "GET" and endpoint in MUST_OPEN:
                assert status == 200, where
            # Without a plan in, the final grant's form sends the lead advisor back.
            opens = LEAD_ONLY - {"advisor.final_form"}
            if method == "GET" and role == "lead advisor" and endpoint in opens:
                assert status == 200, where
        checked.add(endpoint)
    assert checked == {rule.endpoint for rule in advisor_rules(app)}
