"""Previews and downloads: the letter and the application per scheme, each download recorded."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from tests.advisor.letter import (
    ANSWERS,
    LETTER,
    case_url,
    events,
    form_values,
    letter_url,
    text_of,
)
from tests.documents.applications import docx_texts, html_texts
from tests.documents.helpers import open_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def reference(make_application) -> str:
    return make_application(answers=ANSWERS, locale="en")


def save_letter(pages, reference: str, **changes: str) -> None:
    values = {**form_values(pages.get(letter_url(reference))), **LETTER, **changes}
    assert pages.client.post(letter_url(reference), data=values).status_code == 303


def history(pages, reference: str) -> list[tuple[str, str]]:
    """(who, what) in the history table, newest first, without the views (opening the page to
    read the history is one)."""
    rows = pages.get(case_url(reference)).select(
        "section[aria-labelledby=history-heading] tbody tr"
    )
    found = [(text_of(row.select("td")[1]), text_of(row.select("td")[2])) for row in rows]
    return [(who, what) for who, what in found if what != "Read the application."]


def assert_download(response, ascii_name: str, full_name: str) -> None:
    assert response.status_code == 200
    assert response.mimetype == DOCX
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert disposition.isascii()
    assert disposition.startswith(f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''")
    assert unquote(disposition.split("UTF-8''", 1)[1]) == full_name


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_letter_preview_has_the_text_of_the_docx(pages, logged_in, reference, language):
    save_letter(pages, reference, letter_language=language)
    page = pages.get(letter_url(reference) + "/preview")
    box = page.select_one(".document-preview")
    assert box["lang"] == language
    # The document's own heading is the page's only h1.
    assert page.select("h1") == box.select("h1")
    download = pages.client.get(letter_url(reference) + ".docx")
    assert html_texts(box.decode_contents()) == docx_texts(open_docx(download.data))


def test_the_preview_offers_to_edit_and_download(pages, logged_in, reference):
    page = pages.get(letter_url(reference) + "/preview")
    links = {text_of(a): a["href"] for a in page.select("main .button-group a")}
    assert links == {
        "Download the letter (Word)": letter_url(reference) + ".docx",
        "Edit the letter": letter_url(reference),
        "Back to the application": case_url(reference),
    }
    # Before anything is written, the page says the letter is only a draft.
    assert "Nothing has been written in the letter yet" in text_of(page.select_one("main"))


def test_the_letter_download_is_an_attachment_and_is_recorded(app, pages, logged_in, reference):
    save_letter(pages, reference)
    response = pages.client.get(letter_url(reference) + ".docx")
    assert_download(
        response,
        f"anbefaling-digitaliseringsradet-{reference}.docx",
        f"Recommendation from the Digitalisation Council {reference}.docx",
    )
    text = " ".join(docx_texts(open_docx(response.data)))
    assert "26/01234-1" in text and "The benefits work must be stronger." in text
    assert events(app, reference)[-1] == (
        "downloaded_letter",
        {"language": "en", "filename": f"anbefaling-digitaliseringsradet-{reference}.docx"},
    )
    assert history(pages, reference)[0] == (
        "Kari Nordmann",
        "Downloaded the advice letter in English.",
    )


def test_a_norwegian_letter_has_an_encoded_download_name(pages, logged_in, reference):
    save_letter(pages, reference, letter_language="nn")
    response = pages.client.get(letter_url(reference) + ".docx")
    disposition = response.headers["Content-Disposition"]
    assert disposition.isascii()
    assert f'filename="anbefaling-digitaliseringsradet-{reference}.docx"' in disposition
    assert unquote(disposition.split("UTF-8''", 1)[1]).endswith(f"{reference}.docx")


@pytest.mark.parametrize(
    "scheme, ascii_stem, full_name",
    [
        ("cofinancing", "soknad-medfinansiering", "Application for co-financing"),
        ("council", "foresporsel-digitaliseringsradet", "Request to the Digitalisation Council"),
    ],
)
def test_the_application_per_scheme(
    app, pages, logged_in, reference, scheme, ascii_stem, full_name
):
    page = pages.get(case_url(reference))
    documents = page.select_one("section[aria-labelledby=documents-heading]")
    hrefs = [a["href"] for a in documents.select("a")]
    preview_url = f"{case_url(reference)}/application-{scheme}/preview"
    download_url = f"{case_url(reference)}/application-{scheme}.docx"
    assert preview_url in hrefs and download_url in hrefs
    preview = pages.get(preview_url)
    box = preview.select_one(".document-preview")
    assert box["lang"] == "en"
    assert preview.select("h1") == box.select("h1")
    response = pages.client.get(download_url)
    assert_download(response, f"{ascii_stem}-{reference}.docx", f"{full_name} {reference}.docx")
    assert html_texts(box.decode_contents()) == docx_texts(open_docx(response.data))
    assert events(app, reference)[-1] == (
        "downloaded_application",
        {"scheme": scheme, "language": "en", "filename": f"{ascii_stem}-{reference}.docx"},
    )


def test_a_scheme_the_application_was_not_sent_to_is_not_found(
    app, pages, logged_in, make_application
):
    reference = make_application(answers={**ANSWERS, "schemes": ["council"]}, locale="en")
    pages.get(f"{case_url(reference)}/application-cofinancing/preview", status=404)
    assert (
        pages.client.get(f"{case_url(reference)}/application-cofinancing.docx").status_code == 404
    )
    for unknown in ("project_model", "own-funding", "COUNCIL"):
        assert pages.client.get(
            f"{case_url(reference)}/application-{unknown}.docx"
        ).status_code == (404)
    links = pages.get(case_url(reference)).select("section[aria-labelledby=documents-heading] a")
    assert not any("cofinancing" in a["href"] for a in links)
    assert [action for action, _ in events(app, reference)] == ["viewed"]


def test_every_download_is_in_the_history(app, pages, logged_in, reference):
    pages.client.get(f"{case_url(reference)}/application-council.docx")
    pages.client.get(f"{case_url(reference)}/application-cofinancing.docx")
    pages.client.get(letter_url(reference) + ".docx")
    pages.get(letter_url(reference) + "/preview")  # reading is not recorded
    assert history(pages, reference)[:3] == [
        ("Kari Nordmann", "Downloaded the advice letter in English."),
        (
            "Kari Nordmann",
            "Downloaded the application to “Co-financing of digitalisation projects”.",
        ),
        ("Kari Nordmann", "Downloaded the application to “Digitalisation Council”."),
    ]


def _downloads(app, reference: str) -> list[str]:
    return [action for action, _detail in events(app, reference) if action.startswith("downloaded")]


def test_a_download_is_recorded_once_per_session_and_version(app, pages, logged_in, reference):
    url = letter_url(reference) + ".docx"
    for _ in range(3):
        assert pages.client.get(url).status_code == 200
    assert pages.client.head(url).status_code == 200
    assert _downloads(app, reference) == ["downloaded_letter"]
    # A changed letter is another document: its download is recorded again.
    save_letter(pages, reference, overall_assessment="A new assessment.")
    assert pages.client.get(url).status_code == 200
    assert _downloads(app, reference) == ["downloaded_letter", "downloaded_letter"]


def test_a_download_from_another_site_is_served_but_not_recorded(app, pages, logged_in, reference):
    url = f"{case_url(reference)}/application-council.docx"
    response = pages.client.get(url, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 200
    assert _downloads(app, reference) == []
    response = pages.client.get(url, headers={"Sec-Fetch-Site": "same-origin"})
    assert _downloads(app, reference) == ["downloaded_application"]


def test_the_applicants_own_download_is_in_the_history(app, pages, logged_in, reference):
    from webapp.extensions import db
    from webapp.services import documents
    from webapp.services.queue import find_application

    with app.test_request_context("/en/"):
        documents.download_for_applicant(find_application(reference), "council")
        db.session.commit()  # as the view does
    assert history(pages, reference)[-1] == (
        "The applicant",
        "Downloaded their copy of the application to “Digitalisation Council”.",
    )


def test_downloads_are_for_advisors_only(client, make_application):
    reference = make_application(answers=ANSWERS, locale="en")
    for path in (
        letter_url(reference) + ".docx",
        letter_url(reference) + "/preview",
        f"{case_url(reference)}/application-council.docx",
        f"{case_url(reference)}/application-council/preview",
    ):
        response = client.get(path)
        assert response.status_code == 303
        assert response.location == f"/en/advisor/login?next={path}"
        assert response.headers["Cache-Control"] == "no-store"
        assert b"PK" not in response.data[:2]
