"""Rules every route follows, checked by walking the URL map."""

from __future__ import annotations

import re

from webapp import create_app

KEBAB_SEGMENT = re.compile(r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z]+)?|<[^>]+>)$")


def rules():
    app = create_app({"ENV_NAME": "test"})
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def test_urls_are_kebab_case():
    offenders = []
    for rule in rules():
        segments = [s for s in rule.rule.split("/") if s]
        # A parameter may share a segment with a file extension: "<scheme>.docx".
        bad = [s for s in segments if not KEBAB_SEGMENT.match(re.sub(r"<[^>]+>", "x", s))]
        if bad:
            offenders.append((rule.rule, bad))
    assert not offenders, offenders


def test_route_parameters_are_typed():
    # The default converter and "path" accept any text: a parameter must say what it holds.
    untyped = [
        (rule.rule, name)
        for rule in rules()
        for name, converter in rule._converters.items()
        if type(converter).__name__ in {"UnicodeConverter", "PathConverter"}
    ]
    assert not untyped, untyped


def test_every_page_is_under_a_language_prefix():
    # The icon at its classic address, for any client; the health checks for load balancers.
    outside = {"/", "/healthz", "/readyz", "/favicon.ico"}
    for rule in rules():
        if rule.rule in outside or rule.rule.startswith("/api/"):
            continue
        assert rule.rule.startswith("/<lang:lang_code>/"), rule.rule


def test_a_worker_starts_without_the_heavy_libraries_few_pages_need():
    """numpy (through openpyxl, when matplotlib has installed it), matplotlib and openpyxl
    cost each worker tens of MB: they load with the first chart or spreadsheet, not before."""
    import subprocess
    import sys

    probe = (
        "import sys, wsgi; "
        "print(sorted(m for m in ('numpy', 'matplotlib', 'openpyxl', 'PIL') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**__import__("os").environ, "VEIVISER_ENV": "development"},
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"
