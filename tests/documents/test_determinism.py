"""The same application gives the same bytes: no clock, no randomness, no machine state."""

import subprocess
import sys
import time
from pathlib import Path

from letter_templates import REFERENCE_DOCX
from letter_templates.build_reference import build_reference, package_contents
from tests.documents.samples import render_sample_letter
from webapp.documents import build_docx

REPO = Path(__file__).resolve().parents[2]

_RENDER_IN_CHILD = """
import sys
from tests.documents.samples import render_sample_letter
sys.stdout.buffer.write(render_sample_letter())
"""


def test_same_input_gives_the_same_bytes(jinja_env, letter_context, meta):
    first = build_docx("letter.html", letter_context, meta, jinja_env)
    second = build_docx("letter.html", letter_context, meta, jinja_env)
    assert first == second


def test_the_clock_does_not_reach_the_bytes(jinja_env, letter_context, meta, monkeypatch):
    before = build_docx("letter.html", letter_context, meta, jinja_env)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 400 * 24 * 3600)
    after = build_docx("letter.html", letter_context, meta, jinja_env)
    assert before == after


def test_another_process_gives_the_same_bytes():
    child = subprocess.run(
        [sys.executable, "-c", _RENDER_IN_CHILD],
        cwd=REPO,
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert child.stdout == render_sample_letter()


def test_different_input_gives_different_bytes(jinja_env, letter_context, meta):
    changed = dict(letter_context, decision="Avslått")
    assert build_docx("letter.html", letter_context, meta, jinja_env) != build_docx(
        "letter.html", changed, meta, jinja_env
    )


def test_building_the_reference_twice_gives_the_same_bytes():
    assert build_reference() == build_reference()


def test_the_committed_reference_is_what_the_script_builds():
    # Compared member by member: another zlib build may compress the same parts differently.
    assert package_contents(REFERENCE_DOCX.read_bytes()) == package_contents(build_reference())
