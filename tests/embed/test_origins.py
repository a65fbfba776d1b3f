"""VEIVISER_FRAME_ANCESTORS is checked when the app starts: a bad entry stops it, loudly."""

from __future__ import annotations

import pytest

from webapp import create_app
from webapp.config import settings_from_environment
from webapp.security import FrameAncestorError, normalise_origin


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://intranett.example.no", "https://intranett.example.no"),
        ("https://intranett.example.no/", "https://intranett.example.no"),
        ("HTTPS://Intranett.Example.NO", "https://intranett.example.no"),
        ("https://intranett.example.no:443", "https://intranett.example.no"),
        ("https://portal.example.no:8443", "https://portal.example.no:8443"),
        ("https://10.0.0.12", "https://10.0.0.12"),
        ("http://localhost:8080", "http://localhost:8080"),
        ("http://127.0.0.1:5001", "http://127.0.0.1:5001"),
        ("http://127.0.0.2", "http://127.0.0.2"),
        ("http://[::1]:8000", "http://[::1]:8000"),
        ("https://xn--intranett-b5a.example.no", "https://xn--intranett-b5a.example.no"),
    ],
)
def test_good_origins_are_normalised(given, expected):
    assert normalise_origin(given) == expected


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("*", "wildcard"),
        ("https://*", "wildcard"),
        ("https://*.example.no", "wildcard"),
        ("https://intranett.example.no/portal", "path"),
        ("https://intranett.example.no/?embed=1", "path, query"),
        ("https://intranett.example.no#top", "fragment"),
        ("http://intranett.example.no", "https"),
        ("http://10.0.0.12", "https"),
        ("intranett.example.no", "https://host"),
        ("//intranett.example.no", "https://host"),
        ("https:", "https://host"),
        ("https://", "https://host"),
        ("ftp://intranett.example.no", "https://host"),
        ("'self'", "https://host"),
        ("https://user:secret@intranett.example.no", "user name"),
        ("https://intranett.example.no:0", "port"),
        ("https://intranett.example.no:99999", "port"),
        ("https://intranett.example.no:http", "port"),
        ("https://intranett.example.no;script-src", "plain name"),
        ("https://intranett_portal.example.no", "plain name"),
        ("https://intranett.bø.no", "punycode"),
    ],
)
def test_bad_origins_are_refused_with_a_reason(given, reason):
    with pytest.raises(FrameAncestorError, match=reason):
        normalise_origin(given)


@pytest.mark.parametrize(
    "allow_list",
    [["https://intranett.example.no", "*"], "https://intranett.example.no/portal"],
)
def test_the_app_does_not_start_with_a_bad_origin(allow_list):
    with pytest.raises(RuntimeError, match="VEIVISER_FRAME_ANCESTORS"):
        create_app(
            {
                "ENV_NAME": "test",
                "SQLALCHEMY_DATABASE_URI": "sqlite://",
                "VEIVISER_FRAME_ANCESTORS": allow_list,
            }
        )


def test_the_environment_variable_is_read_validated_and_deduplicated(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///" + str(tmp_path / "d.sqlite3"))
    monkeypatch.setenv(
        "VEIVISER_FRAME_ANCESTORS",
        "https://intranett.example.no, https://Intranett.example.no/ http://localhost:8080",
    )
    app = create_app({"ENV_NAME": "development", "SECRET_KEY": "k" * 40})
    assert app.config["VEIVISER_FRAME_ANCESTORS"] == [
        "https://intranett.example.no",
        "http://localhost:8080",
    ]


def test_a_bad_environment_variable_stops_the_app(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///" + str(tmp_path / "d.sqlite3"))
    monkeypatch.setenv("VEIVISER_FRAME_ANCESTORS", "https://*.example.no")
    with pytest.raises(RuntimeError, match=r"VEIVISER_FRAME_ANCESTORS: .*wildcards"):
        create_app({"ENV_NAME": "development", "SECRET_KEY": "k" * 40})


def test_no_allow_list_by_default():
    assert "VEIVISER_FRAME_ANCESTORS" not in settings_from_environment({})
    app = create_app({"ENV_NAME": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["VEIVISER_FRAME_ANCESTORS"] == []
