import pytest

from forms.cleaning import strip_control_characters
from webapp.documents.sanitise import strip_xml_invalid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("plain æøå", "plain æøå"),
        ("tab\tnewline\ncr\r", "tab\tnewline\ncr\r"),
        ("\x00\x01\x08\x0b\x0c\x0e\x1f", ""),
        ("a\x00b", "ab"),
        ("\x7f\x85\x9f", "\x7f\x85\x9f"),  # allowed by XML 1.0
        ("x\ufffey\uffffz", "xyz"),
        ("\ufffd", "\ufffd"),
        ("lone \ud800 high", "lone  high"),
        ("lone \udfff low", "lone  low"),
        ("pair \ud83d\ude00", "pair 😀"),
        ("emoji 😀", "emoji 😀"),
        ("\U0010ffff", "\U0010ffff"),
    ],
)
def test_strip_xml_invalid(text, expected):
    assert strip_xml_invalid(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("line one\r\nline two", "line one\nline two"),
        ("old mac\rline", "old mac\nline"),
        ("\r\n\r\n", "\n\n"),
        ("keeps\ttabs", "keeps\ttabs"),
        ("bell\x07 null\x00 esc\x1b", "bell null esc"),
        ("del\x7f c1\x85\x9f", "del c1"),
        ("\ufeffbom kept", "\ufeffbom kept"),
        ("x\ufffe\uffff", "x"),
        ("lone \udc00", "lone "),
        ("12\u00a0500\u00a0000 kr", "12\u00a0500\u00a0000 kr"),
    ],
)
def test_strip_control_characters(text, expected):
    assert strip_control_characters(text) == expected


def test_strip_control_characters_leaves_no_carriage_return():
    assert "\r" not in strip_control_characters("a\r\rb\r\n\n\rc")
