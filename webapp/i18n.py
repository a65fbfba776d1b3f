"""Languages: the locale comes from the URL prefix (/nb/, /nn/, /en/); Babel formats values."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from fractions import Fraction
from typing import Any

from flask import Flask, current_app, g, request, url_for
from flask_babel import get_locale, gettext
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from werkzeug.datastructures import LanguageAccept
from werkzeug.routing import BaseConverter

from forms import formatting, routing
from forms.ministries import MINISTRIES
from forms.rulesets import CHOOSABLE_SCHEMES
from forms.text import Text
from forms.translation import active_translations, babel_namespace

from .query import url_values

# Value → English msgid, for templates to translate with _(): one source for every page.
DOMAIN_LABELS = {
    "scheme_labels": routing.SCHEME_LABELS,
    "status_labels": routing.STATUS_LABELS,
    "stage_labels": routing.STAGE_LABELS,
    "phase_labels": routing.PHASE_LABELS,
    "legal_form_labels": routing.LEGAL_FORM_LABELS,
    "ministry_labels": MINISTRIES,
}

LANGUAGE_NAMES = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English"}


class LanguageConverter(BaseConverter):
    """Matches only the languages we serve, so /de/ is a plain 404."""

    regex = "nb|nn|en"


def current_language() -> str:
    return g.get("lang_code") or current_app.config["BABEL_DEFAULT_LOCALE"]


def negotiate_language() -> str:
    """The best language for a request without a prefix. Plain Norwegian 'no' means Bokmål."""
    accepted = LanguageAccept(
        [
            ("nb" if lang.lower().split("-")[0] == "no" else lang, q)
            for lang, q in request.accept_languages
        ]
    )
    best = accepted.best_match(list(current_app.config["LANGUAGES"]))
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


def select_locale() -> str:
    if g.get("lang_code"):
        return g.lang_code
    if request:
        first_segment = request.path.strip("/").split("/")[0]
        if first_segment in current_app.config["LANGUAGES"]:
            return first_segment
        return negotiate_language()
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def url_in_language(lang: str) -> str:
    """The current page in another language, with its query string (embed mode, filters)."""
    if request.endpoint and request.url_rule and "lang_code" in request.url_rule.arguments:
        return url_for(request.endpoint, **url_values(**(request.view_args or {}), lang_code=lang))
    return url_for("main.start", lang_code=lang)


def locale_name() -> str:
    """The active locale's name, looked up once per request and locale: flask-babel answers
    each call through three context lookups, and a page of figures asks hundreds of times.
    The cache follows force_locale, which puts another Locale object in the namespace."""
    namespace = babel_namespace()
    locale = getattr(namespace, "babel_locale", None) if namespace is not None else None
    hit = getattr(namespace, "veiviser_locale_name", None) if namespace is not None else None
    if hit is not None and locale is not None and hit[0] is locale:
        return hit[1]
    found = get_locale()
    name = str(found or current_language())
    namespace = babel_namespace()
    if namespace is not None and found is not None:
        namespace.veiviser_locale_name = (found, name)
    return name


def memo_gettext(locale: str) -> Callable[[str], str]:
    """gettext for the active `locale`, each msgid looked up once per request: a page of
    figures asks for the same few words ("NOK %(amount)s") once per amount."""
    memo: dict[tuple[str, str], str] = g.setdefault("_translations_memo", {})

    def translate(message: str) -> str:
        key = (locale, message)
        if key not in memo:
            memo[key] = active_translations().ugettext(message)
        return memo[key]

    return translate


def format_amount(value: Any) -> str:
    if value in (None, ""):
        return ""
    locale = locale_name()
    return formatting.format_nok(_whole(value), locale, memo_gettext(locale))


def amount_formatter() -> Callable[[Any], str]:
    """`format_amount` with the locale and its words looked up once, for many amounts."""
    nok = formatting.nok_formatter(locale_name(), active_translations().ugettext)

    def amount(value: Any) -> str:
        return "" if value in (None, "") else nok(_whole(value))

    return amount


def _whole(value: Any) -> int:
    # Exact figures (NPV, present values) are shown in whole kroner, halves rounded up.
    return formatting.whole_kroner(value) if isinstance(value, Fraction) else int(value)


def format_millions(value: Any) -> str:
    if value in (None, ""):
        return ""
    locale = locale_name()
    return formatting.format_millions(int(value), locale, memo_gettext(locale))


def format_millions_range(band: tuple[int, int]) -> str:
    low, high = band
    locale = locale_name()
    return formatting.format_millions_range(int(low), int(high), locale, memo_gettext(locale))


def format_date(value: date | datetime | None) -> str:
    """A day in words. A moment is shown as the day it was in Norway: stored moments are UTC
    without tzinfo, so one sent at 00:30 on 1 January in Oslo is not shown as 31 December."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        from forms.calls import OSLO

        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        value = aware.astimezone(OSLO).date()
    return formatting.format_date_long(value, locale_name())


def render_text(value: Text | str | None) -> str:
    """A message from the domain code (`forms.text.Text`), in the active language."""
    if value is None:
        return ""
    locale = locale_name()
    if isinstance(value, Text):
        return value.render(memo_gettext(locale), locale)
    return memo_gettext(locale)(value)


def format_percent(value: Any) -> str:
    return "" if value is None else formatting.format_percent(value, locale_name())


def format_decimal(value: Any, places: int = 2) -> str:
    return "" if value is None else formatting.format_decimal(value, locale_name(), places)


def format_fixed(value: Any, places: int = 2) -> str:
    return "" if value is None else formatting.format_fixed(value, locale_name(), places)


def format_file_size(value: Any) -> str:
    return "" if value is None else formatting.format_file_size(int(value), locale_name(), gettext)


def format_org_number(value: str | None) -> str:
    return formatting.format_org_number(value) if value else ""


def page_gettext(translations: Any) -> dict[str, Callable[..., str]]:
    """`_`, `gettext` and `ngettext` for one page, bound to its catalogue when rendering
    starts. They behave as Jinja's newstyle callables (autoescaped, always %-formatted) but
    skip the lookup of the catalogue and a context call per word. Macros imported without
    the page's context use the environment's callables installed below."""
    ugettext, ungettext = translations.ugettext, translations.ungettext

    # Parameters named as Jinja names them, so that no translation variable (`string`, `num`)
    # clashes with one.
    @pass_context
    def gettext(__context: Context, __string: str, **variables: Any) -> str:
        translated = ugettext(__string)
        if __context.eval_ctx.autoescape:
            translated = Markup(translated)
        return translated % variables

    @pass_context
    def ngettext(
        __context: Context, __singular: str, __plural: str, __num: int, **variables: Any
    ) -> str:
        variables.setdefault("num", __num)
        translated = ungettext(__singular, __plural, __num)
        if __context.eval_ctx.autoescape:
            translated = Markup(translated)
        return translated % variables

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


def init_app(app: Flask) -> None:
    app.url_map.converters["lang"] = LanguageConverter

    @app.url_value_preprocessor
    def pull_language(endpoint: str | None, values: dict[str, Any] | None) -> None:
        if values and "lang_code" in values:
            g.lang_code = values.pop("lang_code")

    @app.before_request
    def fallback_language() -> None:
        # Pages outside the language prefix (a 404, say) still render in a language.
        if not g.get("lang_code"):
            g.lang_code = select_locale()

    @app.url_defaults
    def add_language(endpoint: str, values: dict[str, Any]) -> None:
        if "lang_code" in values or not g.get("lang_code"):
            return
        if app.url_map.is_endpoint_expecting(endpoint, "lang_code"):
            values["lang_code"] = g.lang_code

    # As flask-babel installs them, but `_()` goes through the per-request memo: a page
    # would otherwise look its words up in the catalogue one call at a time.
    app.jinja_env.install_gettext_callables(
        gettext=lambda message: active_translations().ugettext(message),
        ngettext=lambda s, p, n: active_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: active_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: active_translations().unpgettext(c, s, p, n),
    )

    app.jinja_env.filters.update(
        amount=format_amount,
        millions=format_millions,
        millions_range=format_millions_range,
        long_date=format_date,
        orgnr=format_org_number,
        text=render_text,
        percent=format_percent,
        decimal=format_decimal,
        fixed=format_fixed,
        filesize=format_file_size,
    )

    @app.context_processor
    def language_context() -> dict[str, Any]:
        return {
            **page_gettext(active_translations()),
            "current_language": current_language,
            "language_names": LANGUAGE_NAMES,
            "url_in_language": url_in_language,
            "choosable_schemes": CHOOSABLE_SCHEMES,
            **DOMAIN_LABELS,
        }
