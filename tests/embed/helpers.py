"""Shared by the embedding tests: the allow-list, header parsing and URL checks."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup
from flask import Flask
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Application

INTRANET = "https://intranett.example.no"
PORTAL = "https://portal.example.no:8443"
ALLOW_LIST = [INTRANET, PORTAL]


def parse_csp(header: str) -> dict[str, str]:
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] for part in header.split("; ")}


def frame_ancestors(response) -> str:
    return parse_csp(response.headers["Content-Security-Policy"])["frame-ancestors"]


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def in_embed_mode(url: str) -> bool:
    return query(url).get("embed") == ["1"]


def journey_urls(page: BeautifulSoup) -> list[str]:
    """Every link and form action on the page that leads into the applicant's journey."""
    urls = [a["href"] for a in page.select("a[href]")]
    urls += [form["action"] for form in page.select("form[action]")]
    journey = []
    for url in urls:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
            continue  # fragments (the skip link) and other sites
        segments = parts.path.strip("/").split("/")
        if segments[0] in {"nb", "nn", "en"} and segments[1:2] in ([], [""], ["apply"]):
            journey.append(url)
    return journey


def assert_page_keeps_embed_mode(page: BeautifulSoup) -> None:
    urls = journey_urls(page)
    assert urls, "no journey links on the page"
    left = [url for url in urls if not in_embed_mode(url)]
    assert not left, f"links that leave embed mode: {left}"


def count_applications(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Application))
