"""Remove characters that XML 1.0 (and so DOCX) cannot hold, and tidy form input."""

from __future__ import annotations

import re

# XML 1.0 allows \t \n \r, U+0020–U+D7FF, U+E000–U+FFFD and the supplementary planes.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Form input also loses DEL and the C1 controls: they only arrive through mis-decoded text.
_INPUT_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_NEWLINES = re.compile("\r\n?")


def _join_surrogate_pairs(text: str) -> str:
    # A well-formed UTF-16 pair that reached us as two code points is one real character.
    return _SURROGATE_PAIR.sub(
        lambda m: m.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le"), text
    )


def strip_xml_invalid(text: str) -> str:
    """Return ``text`` without the characters XML 1.0 cannot represent.

    Lone surrogates, U+FFFE/U+FFFF and C0 controls other than tab, newline and carriage
    return are dropped; surrogate pairs are joined into the character they encode.
    """
    if not _XML_INVALID.search(text):
        return text
    return _XML_INVALID.sub("", _join_surrogate_pairs(text))


def strip_control_characters(text: str) -> str:
    """Clean text typed or pasted into a form.

    Line endings become ``\\n`` (so no ``\\r`` is left), and every control character
    except tab and newline is removed, as are lone surrogates and U+FFFE/U+FFFF.
    """
    text = _NEWLINES.sub("\n", text)
    if not _INPUT_INVALID.search(text):
        return text
    return _INPUT_INVALID.sub("", _join_surrogate_pairs(text))
