"""Remove characters that XML 1.0 (and so DOCX) cannot hold."""

from __future__ import annotations

import re

from forms.cleaning import join_surrogate_pairs

# XML 1.0 allows \t \n \r, U+0020–U+D7FF, U+E000–U+FFFD and the supplementary planes.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def strip_xml_invalid(text: str) -> str:
    """Return ``text`` without the characters XML 1.0 cannot represent.

    Lone surrogates, U+FFFE/U+FFFF and C0 controls other than tab, newline and carriage
    return are dropped; surrogate pairs are joined into the character they encode.
    """
    if not _XML_INVALID.search(text):
        return text
    return _XML_INVALID.sub("", join_surrogate_pairs(text))
