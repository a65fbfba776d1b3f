"""How long building a letter takes, against python-docx opening and saving the reference.

Run from the repository root:

    python -m bench.bench_documents [--runs N]
    python bench/bench_documents.py [--runs N]

The document is the engine's test letter filled to about three pages: address blocks, the
reference table, headings, bullet and numbered lists, a 30-row table and description lists.
The baseline is the least any DOCX built on the reference costs: open it and save it.
Both are timed in the same run (median after warm-up), so the ratio holds across machines.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import docx

from letter_templates import REFERENCE_DOCX
from tests.documents.applications import store_application
from tests.documents.helpers import save_with_public_api
from tests.documents.samples import (
    sample_jinja_env,
    sample_letter_context,
    sample_meta,
)
from webapp import create_app
from webapp.documents import build_docx, html_to_blocks, render_docx, render_html
from webapp.documents.package import open_reference, save_docx
from webapp.extensions import db
from webapp.services import appendices, documents

GOAL = 2.0
REFERENCE_BYTES = REFERENCE_DOCX.read_bytes()
WARM_UP = 3


def three_page_context() -> dict:
    context = sample_letter_context()
    sentence = (
        "Prosjektet skal erstatte tre fagsystemer med én felles løsning for saksbehandling, "
        "og gevinstene skal tas ut som redusert tidsbruk i regionene."
    )
    context["reasons"] = [f"{i}. begrunnelse: {sentence}" for i in range(1, 7)]
    context["first_steps"] = [f"Tiltak {i}: {sentence}" for i in range(1, 6)]
    context["second_steps"] = [f"Oppfølging {i}: {sentence}" for i in range(1, 6)]
    context["budget"] = [
        (
            f"Post {i}: konsulenter, lisenser og interne timer",
            f"{i * 250_000:,} kr".replace(",", "\u00a0"),
        )
        for i in range(1, 31)
    ]
    context["summary"] = [" ".join([sentence] * 3) for _ in range(3)]
    return context


def baseline() -> bytes:
    document = docx.Document(str(REFERENCE_DOCX))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def fast_open_save() -> bytes:
    return save_docx(open_reference(REFERENCE_DOCX))


def public_open_save() -> bytes:
    """What the engine would pay to stay on python-docx's public API: read the zip each time,
    and rewrite every member after Document.save to fix the metadata (as the pinning test does)."""
    return save_with_public_api(docx.Document(io.BytesIO(REFERENCE_BYTES)))


def median_seconds(actions: list[Callable[[], object]], runs: int) -> list[float]:
    """Median time of each action. The actions take turns, so a busy machine slows
    them alike and the ratios stay fair."""
    for _ in range(WARM_UP):
        for action in actions:
            action()
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(runs):
        for action, samples in zip(actions, times, strict=True):
            start = time.perf_counter()
            action()
            samples.append(time.perf_counter() - start)
    return [statistics.median(samples) for samples in times]


def peak_bytes(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the document engine.")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per measurement")
    args = parser.parse_args(argv)

    env, context, meta = sample_jinja_env(), three_page_context(), sample_meta()
    blocks = html_to_blocks(render_html("letter.html", context, env))

    def build() -> bytes:
        return build_docx("letter.html", context, meta, env)

    measurements = [
        ("baseline: open + save reference", baseline, True),
        ("build_docx (whole pipeline)", build, True),
        ("  render template + parse HTML", lambda: render_html("letter.html", context, env), False),
        ("  write DOCX from blocks", lambda: render_docx(blocks, meta), False),
        ("  open + save, fast path (used)", fast_open_save, False),
        ("  open + save, public API only", public_open_save, False),
    ]
    medians = median_seconds([action for _, action, _ in measurements], args.runs)
    base = medians[0]
    print(
        f"document: {len(blocks)} blocks, {len(build()) / 1024:.1f} KiB DOCX; {args.runs} runs each"
    )
    print(f"{'measurement':<34} {'median ms':>10} {'× baseline':>11} {'peak MiB':>9}")
    for (name, action, show_peak), seconds in zip(measurements, medians, strict=True):
        peak = f"{peak_bytes(action) / 2**20:9.2f}" if show_peak else ""
        print(f"{name:<34} {seconds * 1000:10.2f} {seconds / base:11.2f} {peak}")
    print("(peak: Python allocations seen by tracemalloc; libxml2's own memory is not counted)")
    ratio = medians[1] / base
    verdict = "met" if ratio <= GOAL else "NOT met"
    print(f"goal: <= {GOAL:g}x the baseline; ratio {ratio:.2f}x: {verdict}")
    cofinancing_documents(args.runs)
    return 0


def cofinancing_documents(runs: int) -> None:
    """The three documents of a co-financing application (the application, Vedlegg 1 and
    Vedlegg 2) and Vedlegg 2's spreadsheet, built from a stored application, against the same
    baseline. Each DOCX costs at least one baseline, so the goal for the three is 3 × GOAL."""
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {"ENV_NAME": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3"}
        )
        with app.app_context(), app.test_request_context("/nb/"):
            db.create_all()
            application = store_application(locale="nb")

            def three_documents() -> list[bytes]:
                return [
                    documents.application_document(application, "cofinancing").content,
                    appendices.appendix_document(application, "1").content,
                    appendices.appendix_document(application, "2").content,
                ]

            measurements = [
                ("baseline: open + save reference", baseline),
                ("application + Vedlegg 1 + Vedlegg 2", three_documents),
                ("  Vedlegg 2 as XLSX (openpyxl)", lambda: appendices.npv_spreadsheet(application)),
            ]
            medians = median_seconds([action for _, action in measurements], runs)
            db.session.remove()
            db.engine.dispose()
    base = medians[0]
    print()
    print(f"co-financing documents (SQLite, nb); {runs} runs each")
    print(f"{'measurement':<38} {'median ms':>10} {'× baseline':>11}")
    for (name, _action), seconds in zip(measurements, medians, strict=True):
        print(f"{name:<38} {seconds * 1000:10.2f} {seconds / base:11.2f}")
    ratio = medians[1] / base
    goal = 3 * GOAL
    verdict = "met" if ratio <= goal else "NOT met"
    print(f"goal: <= {goal:g}x the baseline for the three; ratio {ratio:.2f}x: {verdict}")


if __name__ == "__main__":
    sys.exit(main())
