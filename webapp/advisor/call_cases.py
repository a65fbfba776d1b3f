"""One application in a call, as the ranking and decision pages show it: finding the call and the
entry (or a 404), the entry page's URL, and the page itself with all its forms."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, url_for

from ..extensions import db
from ..models import Application, Call, RankingEntry
from ..services import calls, decisions, documents, ranking
from .call_forms import AmountForm, PlaceForm, RankingAssessmentForm


def call_or_404(year: int) -> Call:
    call = calls.find_call(year)
    if call is None:
        abort(404)
    return call


def entry_or_404(call: Call, reference: str) -> tuple[Application, RankingEntry]:
    found = ranking.entry_for(call, reference)
    if found is None:
        abort(404)
    return found


def entry_url(call: Call, reference: str, anchor: str = "") -> str:
    url = url_for("advisor.ranking_entry", year=call.year, reference=reference)
    return url + (f"#{anchor}" if anchor else "")


def assessment_data(entry: RankingEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in ranking.Assessment.__dataclass_fields__}


def entry_page(
    call: Call,
    application: Application,
    entry: RankingEntry,
    assessment_form: RankingAssessmentForm | None = None,
    amount_form: AmountForm | None = None,
    place_form: PlaceForm | None = None,
    changes_form: Any = None,
    link_form: Any = None,
):
    from .decision_forms import PlanChangesForm, PlanUploadForm
    from .reporting_views import reporting_context

    row = ranking.row_for(call, application.id)
    decision = decisions.decision_of(application)
    page = render_template(
        "advisor/ranking_entry.html",
        call=call,
        application=application,
        entry=entry,
        row=row,
        assessment_form=assessment_form or RankingAssessmentForm(data=assessment_data(entry)),
        amount_form=amount_form or AmountForm(data={"proposed_amount": entry.proposed_amount}),
        place_form=place_form
        or PlaceForm(data={"place": entry.rank_override, "reason": entry.override_reason}),
        score_labels=ranking.SCORE_LABELS,
        decision=decision,
        decisions=decisions,
        letter_names={key: kind.name for key, kind in documents.DECISION_LETTERS.items()},
        track=application.track("cofinancing"),
        plan_form=PlanUploadForm(),
        changes_form=changes_form or PlanChangesForm(),
        can_take_plan=decisions.can_take_plan(application),
        can_take_final=decision is not None and decisions.can_take_final(decision),
        **reporting_context(application, link_form),
    )
    db.session.commit()  # reading the ranking may have stored missing places
    return page
