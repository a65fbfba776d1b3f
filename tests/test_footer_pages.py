"""The footer on every page: accessibility statement, privacy, contact, the advisors' login; the
two pages' texts come from configuration or the operator's own files; and the favicon."""

from __future__ import annotations

import pytest

LANGUAGES = ("nb", "nn", "en")
TITLES = {
    "nb": ("Tilgjengelighetserklæring", "Personvern"),
    "nn": ("Tilgjengelegheitserklæring", "Personvern"),
    "en": ("Accessibility statement", "Privacy"),
}


@pytest.fixture
def app_settings(tmp_path):
    return {
        "VEIVISER_DRAFT_MAX_AGE_DAYS": 45,
        "VEIVISER_CONTACT_EMAIL": "veiviser@etaten.example",
        "VEIVISER_OPERATOR": "Etaten for prøving",
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_the_footer_links(pages, lang):
    for url in (f"/{lang}/", f"/{lang}/apply/applicant", f"/{lang}/apply/resume"):
        footer = pages.get(url).select_one("footer.site-footer")
        links = {a["href"]: a.get_text(strip=True) for a in footer.select("a")}
        accessibility, privacy = TITLES[lang]
        assert links[f"/{lang}/accessibility"] == accessibility
        assert links[f"/{lang}/privacy"] == privacy
        assert links["mailto:veiviser@etaten.example"] == "veiviser@etaten.example"
        assert f"/{lang}/advisor/login" in links
        assert "Etaten for prøving" in footer.get_text()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_accessibility_statement_names_the_standard_and_how_to_complain(pages, lang):
    page = pages.get(f"/{lang}/accessibility")
    assert page.h1.get_text(strip=True) == TITLES[lang][0]
    text = page.select_one("main").get_text(" ", strip=True)
    assert "WCAG 2.1" in text
    assert page.select_one("main a[href='mailto:veiviser@etaten.example']")
    assert page.select_one("main a[href='https://www.uutilsynet.no/']")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_privacy_page_says_how_long_drafts_are_kept(pages, lang):
    page = pages.get(f"/{lang}/privacy")
    assert page.h1.get_text(strip=True) == TITLES[lang][1]
    text = page.select_one("main").get_text(" ", strip=True)
    assert "45" in text  # VEIVISER_DRAFT_MAX_AGE_DAYS
    assert "Etaten for prøving" in text
    assert "Datatilsynet" in text
    assert page.select_one("main a[href='mailto:veiviser@etaten.example']")


class TestOwnTexts:
    @pytest.fixture
    def app_settings(self, tmp_path):
        folder = tmp_path / "pages"
        folder.mkdir()
        (folder / "privacy.nn.html").write_text(
            "<h1>Personvern i etaten</h1><p>Vår eigen tekst.</p>", encoding="utf-8"
        )
        return {"VEIVISER_PAGES_DIR": str(folder)}

    def test_a_page_of_the_operators_own_replaces_the_default(self, pages):
        page = pages.get("/nn/privacy")
        assert page.h1.get_text(strip=True) == "Personvern i etaten"
        assert "Vår eigen tekst." in page.select_one("main").get_text()

    def test_languages_without_their_own_text_keep_the_default(self, pages):
        assert pages.get("/nb/privacy").h1.get_text(strip=True) == "Personvern"
        assert pages.get("/nn/accessibility").h1.get_text(strip=True) == TITLES["nn"][0]


def test_the_favicon_is_linked_and_served(pages, client):
    icon = pages.get("/en/").select_one("link[rel=icon]")
    assert icon["href"] == "/static/favicon.svg" and icon["type"] == "image/svg+xml"
    response = client.get("/static/favicon.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert b"<svg" in response.data
    classic = client.get("/favicon.ico")
    assert classic.status_code == 301 and classic.location == "/static/favicon.svg"
