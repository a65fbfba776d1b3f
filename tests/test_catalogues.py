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


# Words only Bokmål uses; Nynorsk writes ikkje, kva, viss/dersom, eg, vert, korleis, kven, kvar,
# berre, frå, utan, nokon/noko, vere, gjere, mykje, sjølv, heile, same, eigen, saman, …
BOKMAL_ONLY_WORDS = frozenset(
    {
        "ikke",
        "hva",
        "hvis",
        "jeg",
        "blir",
        "hvordan",
        "hvem",
        "hvor",
        "hvilke",
        "hvilken",
        "bare",
        "fra",
        "uten",
        "noen",
        "noe",
        "være",
        "gjøre",
        "mye",
        "selv",
        "hver",
        "hvert",
        "hele",
        "samme",
        "egen",
        "eget",
        "egne",
        "sammen",
        "dere",
        "deres",
        "mulig",
        "vanlig",
        "virksomhet",
        "virksomheten",
        "tilskudd",
        "tilsagn",
        "søker",
        "gjelder",
        "ønsker",
        "kommer",
        "trenger",
        "følger",
        "hjemmeside",
        "siden",
        "innen",
        "disse",
        "annen",
    }
)
# "Søknaden er sendt" is Bokmål: Nynorsk writes "er send". Only a neuter noun is "sendt":
# "vedtaket/brevet/tilsegnet er sendt", "det er sendt" (a word ending in -et right before).
BOKMAL_PARTICIPLE = re.compile(r"(?<!et )\ber sendt\b")
WORD = re.compile(r"[a-zæøåéèêòóô]+")


def nynorsk_texts() -> list[tuple[str, str]]:
    texts = []
    for message in load("nn"):
        if not message.id or not message.string:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        texts += [(msgid, PLACEHOLDER.sub(" ", string)) for string in strings]
    return texts


def test_nynorsk_is_not_a_copy_of_bokmal():
    nb, nn = load("nb"), load("nn")
    differing = sum(
        1 for m in nn if m.id and m.string and nb.get(m.id) and nb.get(m.id).string != m.string
    )
    translated = sum(1 for m in nn if m.id and m.string)
    assert differing / max(translated, 1) > 0.5, "nn looks like a copy of nb"


def test_nynorsk_has_no_bokmal_only_words():
    slips = []
    for msgid, string in nynorsk_texts():
        words = set(WORD.findall(string.lower())) & BOKMAL_ONLY_WORDS
        if words:
            slips.append(f"{sorted(words)} in {string!r} (msgid {msgid!r})")
    assert not slips, "Bokmål words in the nn catalogue:\n" + "\n".join(slips)


def test_nynorsk_writes_er_send_not_er_sendt():
    slips = [
        string for _msgid, string in nynorsk_texts() if BOKMAL_PARTICIPLE.search(string.lower())
    ]
    assert not slips, f"Bokmål participle in nn (write 'er send'): {slips}"


def test_the_receipt_says_er_send_in_nynorsk():
    assert load("nn").get("The application has been sent").string == "Søknaden er send"
