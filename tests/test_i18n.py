"""Languages: URL prefixes, negotiation, the switch, and <html lang>."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        (None, "/nb/"),
        ("nn-NO,nn;q=0.9,en;q=0.5", "/nn/"),
        ("en-GB,en;q=0.9", "/en/"),
        ("no,en;q=0.5", "/nb/"),
        ("nb-NO", "/nb/"),
        ("de-DE,fr;q=0.8", "/nb/"),
        ("de,en;q=0.3", "/en/"),
    ],
)
def test_root_redirects_by_accept_language(client, accept_language, expected):
    headers = {"Accept-Language": accept_language} if accept_language else {}
    response = client.get("/", headers=headers)
    assert response.status_code == 302
    assert response.location.endswith(expected)
    assert "Accept-Language" in response.headers.get("Vary", "")


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_html_lang_follows_the_prefix(pages, lang):
    page = pages.get(f"/{lang}/")
    assert page.html["lang"] == lang


def test_unknown_language_prefix_is_not_found(client):
    assert client.get("/de/").status_code == 404


def test_language_switch_keeps_the_page_and_marks_the_current(pages):
    page = pages.get("/nn/")
    switch = page.select_one("nav.language-switch")
    links = {a["hreflang"]: a["href"] for a in switch.select("a")}
    assert links == {"nb": "/nb/", "en": "/en/"}
    current = switch.select_one("[aria-current]")
    assert current.get_text(strip=True) == "Norsk nynorsk"


def test_pages_are_translated(pages):
    texts = {
        lang: pages.get(f"/{lang}/").select_one("h1").get_text(strip=True)
        for lang in ("nb", "nn", "en")
    }
    assert texts["en"] == "Find support for your digitalisation project"
    assert len(set(texts.values())) == 3, texts


@pytest.mark.parametrize(
    ("lang", "amount", "millions", "orgnr", "date_text"),
    [
        (
            "nb",
            "12\u00a0500\u00a0000\u00a0kr",
            "12,5\u00a0mill.\u00a0kr",
            "974\u00a0760\u00a0673",
            "24. oktober 2018",
        ),
        (
            "nn",
            "12\u00a0500\u00a0000\u00a0kr",
            "12,5\u00a0mill.\u00a0kr",
            "974\u00a0760\u00a0673",
            "24. oktober 2018",
        ),
        (
            "en",
            "NOK\u00a012,500,000",
            "NOK\u00a012.5\u00a0million",
            "974\u00a0760\u00a0673",
            "24 October 2018",
        ),
    ],
)
def test_formatting_filters_follow_the_locale(app, lang, amount, millions, orgnr, date_text):
    from datetime import date

    from flask import render_template_string

    with app.test_request_context(f"/{lang}/"):
        app.preprocess_request()
        from flask import g

        g.lang_code = lang
        rendered = render_template_string(
            "{{ 12500000|amount }}|{{ 12500000|millions }}|{{ '974760673'|orgnr }}"
            "|{{ d|long_date }}",
            d=date(2018, 10, 24),
        )
    assert rendered.split("|") == [amount, millions, orgnr, date_text]


def test_the_per_request_catalogue_follows_force_locale(app):
    """The catalogue and locale name are kept per request (webapp/i18n.py); a mail rendered
    in another language inside the request must still get its own language, and the page its."""
    from flask import render_template_string
    from flask_babel import force_locale

    from webapp.i18n import active_translations, format_amount, locale_name

    with app.test_request_context("/nb/"):
        app.preprocess_request()
        page = render_template_string("{{ _('Yes') }} {{ 1500|amount }}")
        assert locale_name() == "nb"
        with force_locale("en"):
            assert locale_name() == "en"
            assert render_template_string("{{ _('Yes') }}") == "Yes"
            assert format_amount(1500) == "NOK\xa01,500"
            assert active_translations().ugettext("Yes") == "Yes"
        assert locale_name() == "nb"
        assert render_template_string("{{ _('Yes') }} {{ 1500|amount }}") == page
        assert page.startswith("Ja ")


PAGE_GETTEXT_CASES = [
    "{{ _('Yes') }}",
    "{{ gettext('Not answered') }}",
    "{{ _('%(name)s <b>sent</b>', name='<script>') }}",
    "{{ _('100%% sure') }}",
    "{% trans %}Yes{% endtrans %}",
    "{% trans name='<i>' %}Hello {{ name }}{% endtrans %}",
    "{% trans count=3 %}{{ count }} file{% pluralize %}{{ count }} files{% endtrans %}",
    "{{ ngettext('%(num)d hour', '%(num)d hours', 1) }}",
    "{{ ngettext('%(num)d hour', '%(num)d hours', 5, extra='<x>') }}",
    "{% autoescape false %}{{ _('%(name)s', name='<b>') }}{% endautoescape %}",
    "{{ _('%(string)s', string='<script>') }}",
    "{{ ngettext('%(num)d hour', '%(num)d hours', 2, num=7) }}",
]


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
@pytest.mark.parametrize("source", PAGE_GETTEXT_CASES)
def test_the_page_gettext_writes_what_jinjas_own_does(app, lang, source):
    """Pages get `_`/`gettext`/`ngettext` bound to their catalogue (i18n.page_gettext); a
    template rendered without the context processors uses Jinja's newstyle callables. Both
    must write the same: escaping, %-formatting, plurals."""
    from flask import render_template_string

    with app.test_request_context(f"/{lang}/"):
        app.preprocess_request()
        with_page_gettext = render_template_string(source)
        with_jinjas_own = app.jinja_env.from_string(source).render()
    assert with_page_gettext == with_jinjas_own
    assert "<script>" not in with_page_gettext and "<i>" not in with_page_gettext


def test_a_lazy_texts_key_names_the_text_not_its_translation(app):
    from forms.translation import lazy_gettext, text_key

    label = lazy_gettext("Year %(number)s", number=3)
    with app.test_request_context("/nb/"):
        app.preprocess_request()
        in_bokmal = str(label)
    with app.test_request_context("/en/"):
        app.preprocess_request()
        in_english = str(label)
    assert in_bokmal != in_english
    assert text_key(label) == ("Year %(number)s", (("number", "3"),))
    assert text_key(lazy_gettext("Year %(number)s", number=4)) != text_key(label)
    assert text_key("plain") == "plain"
