"""Every message is translated into nb, nn and en, and the catalogues match the source code."""

from __future__ import annotations

import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from translations import DIRECTORY

ROOT = DIRECTORY.parent
LANGUAGES = ("nb", "nn", "en")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def load(lang: str):
    with (DIRECTORY / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def extracted_ids() -> set[str]:
    method_map = [
        ("webapp/**.py", "python"),
        ("forms/**.py", "python"),
        ("webapp/templates/**.html", "jinja2"),
        ("letter_templates/**.html", "jinja2"),
    ]
    options = {"**.html": {"trimmed": "true"}}
    keywords = {
        "_": None,
        "gettext": None,
        "ngettext": (1, 2),
        "N_": None,
        "_l": None,
        "lazy_gettext": None,
    }
    ids = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options, keywords=keywords
    ):
        ids.add(message if isinstance(message, str) else message[0])
    return ids


@pytest.fixture(scope="module")
def source_ids() -> set[str]:
    return extracted_ids()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_is_complete(lang):
    missing = [
        m.id
        for m in load(lang)
        if m.id and (m.fuzzy or not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    assert not missing, f"{lang}: {len(missing)} untranslated or fuzzy, e.g. {missing[:5]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_has_every_message_in_the_source(lang, source_ids):
    catalogue = {m.id if isinstance(m.id, str) else m.id[0] for m in load(lang) if m.id}
    missing = sorted(source_ids - catalogue)
    assert not missing, (
        f"{lang} lacks {len(missing)} messages; run `make i18n-update`: {missing[:5]}"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_survive_translation(lang):
    broken = []
    for message in load(lang):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(PLACEHOLDER.findall(ids[0]))
        for string in strings:
            if set(PLACEHOLDER.findall(string)) != expected:
                broken.append(message.id)
    assert not broken, f"{lang}: placeholders differ in {broken[:5]}"


def test_nynorsk_is_not_bokmal():
    """Spot-check words that differ between the two written standards."""
    nb, nn = load("nb"), load("nn")
    differing = sum(
        1 for m in nn if m.id and m.string and nb.get(m.id) and nb.get(m.id).string != m.string
    )
    translated = sum(1 for m in nn if m.id and m.string)
    assert differing / max(translated, 1) > 0.5, "nn looks like a copy of nb"
    text = " ".join(str(m.string) for m in nn if m.string).lower()
    for bokmal_word in (" ikke ", " jeg ", " hva ", " hvordan ", " søknaden blir "):
        assert bokmal_word not in f" {text} ", f"Bokmål word {bokmal_word.strip()!r} in nn"
