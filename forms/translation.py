"""The request's catalogue: flask-babel's domain, with the catalogue kept beside its locale.

flask-babel answers each `gettext` through five lookups of Flask's request-local `g` (the
namespace, the domain, the locale, the catalogue); a wizard page translates about a hundred
labels and words. This domain keeps the catalogue in flask-babel's own per-request namespace,
next to the Locale object it was loaded for, so a translation costs one lookup. `force_locale`
puts another Locale object there, so a mail rendered in another language inside the request
gets its own catalogue.

The web app installs `DOMAIN` as flask-babel's domain. `gettext` and `lazy_gettext` here go to
its catalogue directly, skipping flask-babel's search for the domain on every call.
"""

from __future__ import annotations

from typing import Any

from babel import support
from flask import g
from flask_babel import Domain
from flask_babel.speaklater import LazyString


def babel_namespace() -> Any:
    """flask-babel's per-request namespace (where it keeps the locale), or None."""
    try:
        return g.get("_flask_babel")
    except RuntimeError:  # outside an app context
        return None


def _cached(namespace: Any) -> Any:
    if namespace is None:
        return None
    hit = getattr(namespace, "veiviser_translations", None)
    if hit is not None and hit[0] is getattr(namespace, "babel_locale", None):
        return hit[1]
    return None


class RequestCachedDomain(Domain):
    """flask-babel's domain, remembering the request's catalogue beside its locale."""

    def get_translations(self) -> Any:
        namespace = babel_namespace()
        hit = _cached(namespace)
        if hit is not None:
            return hit
        translations = super().get_translations()
        namespace = babel_namespace()  # flask-babel creates it on first use
        if namespace is not None and getattr(namespace, "babel_locale", None) is not None:
            namespace.veiviser_translations = (namespace.babel_locale, translations)
        return translations


DOMAIN = RequestCachedDomain()


def active_translations() -> support.NullTranslations:
    """The active catalogue: the request's, or flask-babel's answer outside one."""
    return DOMAIN.get_translations()


def gettext(string: str, **variables: Any) -> str:
    translated = active_translations().ugettext(string)
    return translated % variables if variables else translated


class LazyText(LazyString):
    """flask-babel's lazy string that also says which text it is: with the language, `key`
    names what it shows, without translating it (a key for markup kept per language)."""

    def __init__(self, string: str, **variables: Any) -> None:
        super().__init__(gettext, string, **variables)
        self.key = (string, tuple(sorted((name, repr(value)) for name, value in variables.items())))


def lazy_gettext(string: str, **variables: Any) -> LazyText:
    """A label translated when it is shown, in the language of the page showing it."""
    return LazyText(string, **variables)


def text_key(value: Any) -> Any:
    """What `value` shows, for a key that also holds the language: a lazy text's msgid and
    variables, anything else as the text it is."""
    return value.key if isinstance(value, LazyText) else str(value)
