"""Cleaning text that people type or paste: no Flask, used by every form and by the documents."""

from __future__ import annotations

import re

# Form input loses C0 controls (but tab and newline), DEL and the C1 controls: they only arrive
# through mis-decoded text, and XML (so DOCX) cannot hold most of them.
_INPUT_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_NEWLINES = re.compile("\r\n?")


def join_surrogate_pairs(text: str) -> str:
    # A well-formed UTF-16 pair that reached us as two code points is one real character.
    return _SURROGATE_PAIR.sub(
        lambda m: m.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le"), text
    )


def strip_control_characters(text: str) -> str:
    """Clean text typed or pasted into a form.

    Line endings become ``\\n`` (so no ``\\r`` is left), and every control character
    except tab and newline is removed, as are lone surrogates and U+FFFE/U+FFFF.
    """
    text = _NEWLINES.sub("\n", text)
    if not _INPUT_INVALID.search(text):
        return text
    return _INPUT_INVALID.sub("", join_surrogate_pairs(text))
