"""The documents of an application: the application per scheme and the draft advice letter.

Each document is one template in ``letter_templates/`` (found as ``letters/<name>``), rendered
once as the HTML preview and once as DOCX by ``webapp.documents``, so both carry the same text.
The data each template reads is put together here, in the document's language: an application
in the language it was written in, the advice letter in the language the advisor chose.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from flask import Flask, Response, current_app
from flask_babel import force_locale, get_locale, gettext
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader
from markupsafe import Markup

from forms import formatting
from forms.attachments import ATTACHMENT_KINDS, COUNCIL_DOCUMENTS, KS_STATEMENT
from forms.ministries import MINISTRIES
from forms.routing import (
    SCHEME_LABELS,
    STATUS_LABELS,
    Outcome,
    RoutingInputError,
    route_application,
)
from forms.rulesets import ReportingDates, RuleSet, load_ruleset
from forms.steps import READINESS_QUESTIONS
from forms.text import N_
from forms.validity import expiry_text, today_in_norway, validity_text
from letter_templates import APPENDIX_NUMBERS, TEMPLATE_DIR

from ..documents import DocumentMeta, build_docx, render_html
from ..documents.blocks import LANGUAGES
from ..extensions import db
from ..models import Application, GrantDecision
from . import audit
from .answers import summarise
from .assessment_model import Assessment
from .drafts import ruleset_for, ruleset_in_force
from .figures import computed_figures
from .recommendations import answers_on_path, letter_recommendations

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LETTERS = "letters"  # template names "letters/<file>" come from letter_templates/
COUNCIL_AUTHOR = "Digitaliseringsrådet"
DOWNLOADED_BY_APPLICANT = "downloaded_by_applicant"


@dataclass(frozen=True)
class DocumentKind:
    template: str
    filename_stem: str  # ASCII, Norwegian: the name the file keeps in any language
    name: str  # English msgid: "Application for co-financing"
    title: str  # English msgid with %(title)s: the document's heading and DOCX title


APPLICATION_KINDS: dict[str, DocumentKind] = {
    "cofinancing": DocumentKind(
        f"{LETTERS}/application_cofinancing.html",
        "soknad-medfinansiering",
        N_("Application for co-financing"),
        N_("Application for co-financing – %(title)s"),
    ),
    "council": DocumentKind(
        f"{LETTERS}/application_council.html",
        "foresporsel-digitaliseringsradet",
        N_("Request to the Digitalisation Council"),
        N_("Request to the Digitalisation Council – %(title)s"),
    ),
}
# The appendices of a co-financing application (Vedlegg 1 and 2), made from its figures.
APPENDIX_KINDS: dict[str, DocumentKind] = {
    "1": DocumentKind(
        f"{LETTERS}/appendix_assumptions.html",
        "vedlegg-1-forutsetninger",
        N_("Appendix 1: Assumptions of the socio-economic analysis"),
        N_("Appendix 1: Assumptions of the socio-economic analysis – %(title)s"),
    ),
    "2": DocumentKind(
        f"{LETTERS}/appendix_npv.html",
        "vedlegg-2-netto-naverdi",
        N_("Appendix 2: Net present value calculation"),
        N_("Appendix 2: Net present value calculation – %(title)s"),
    ),
}
if tuple(APPENDIX_KINDS) != APPENDIX_NUMBERS:  # the routes' converter reads the numbers
    raise RuntimeError("APPENDIX_KINDS and letter_templates.APPENDIX_NUMBERS disagree")
ADVICE_LETTER = DocumentKind(
    f"{LETTERS}/advice_letter.html",
    "anbefaling-digitaliseringsradet",
    N_("Recommendation from the Digitalisation Council"),
    N_("The Digitalisation Council's recommendation – %(title)s"),
)
# The lead advisor's letters on a co-financing application (services.decisions), by the key the
# archive and the mails use.
DECISION_LETTERS: dict[str, DocumentKind] = {
    "preliminary-grant": DocumentKind(
        f"{LETTERS}/grant_preliminary.html",
        "forelopig-tilsagn",
        N_("Preliminary grant of co-financing"),
        N_("Preliminary grant of co-financing – %(title)s"),
    ),
    "rejection-letter": DocumentKind(
        f"{LETTERS}/grant_rejection.html",
        "avslag-medfinansiering",
        N_("Answer to the application for co-financing"),
        N_("Answer to the application for co-financing – %(title)s"),
    ),
    "final-grant": DocumentKind(
        f"{LETTERS}/grant_final.html",
        "endelig-tilsagn",
        N_("Final grant of co-financing"),
        N_("Final grant of co-financing – %(title)s"),
    ),
}
SCHEME_AUTHOR = "Medfinansieringsordningen"

# The steps an application document lists, besides its own scheme's step.
COMMON_STEPS = ("applicant", "project", "budget")
# What the council reads, in any phase: the agency's existing documents (DOMAIN.md §3).
COUNCIL_READS = ("business_case", "benefits_plan", "governance_document")
COUNCIL_READING = N_(
    "The council reads the documents the agency already has, such as the business case, the "
    "benefits realisation plan and the governance document, together with the agency's own "
    "questions. The secretariat prepares the case, as a rule within three weeks of the "
    "documents arriving, and the head of the agency then meets the council."
)
# Who receives an application: the scheme's secretariat in the agency that ran it.
SECRETARIAT_NAMES = {
    "difi": N_("Agency for Public Management and eGovernment (Difi)"),
    "digdir": N_("Norwegian Digitalisation Agency (Digdir)"),
}
RECIPIENT_UNITS = {
    "cofinancing": N_("Secretariat of the co-financing scheme"),
    "council": N_("Secretariat of the Digitalisation Council"),
}
# Free-text answers the application documents give as paragraphs of their own.
PROSE_ANSWERS = (
    "project_summary",
    "problem_and_goals",
    "partners",
    "figure_sources",
    "non_priced_effects",
    "why_decisive",
    "questions_for_council",
)
BENEFITS_PLAN_STATUS = {
    "yes": N_("Ready: send it with the application"),
    "in_progress": N_("Being written: needed before a final grant"),
    "no": N_("Not written yet: needed before a final grant"),
}


@dataclass(frozen=True)
class DocumentFile:
    """A generated document, ready to send. ``download_name`` is the name in the document's
    language (for ``filename*``); ``filename`` is plain ASCII."""

    filename: str
    content: bytes
    mimetype: str = DOCX_MIMETYPE
    title: str = ""
    download_name: str = ""


@dataclass(frozen=True)
class Attachment:
    name: str
    status: str


@dataclass(frozen=True)
class AttachedFile:
    document: str  # what it is: "Governance document"
    filename: str
    size: str


# The attached files each scheme's document lists.
SCHEME_ATTACHMENT_KINDS: dict[str, tuple[str, ...]] = {
    "cofinancing": (KS_STATEMENT,),
    "council": COUNCIL_DOCUMENTS,
}


@dataclass(frozen=True)
class OutcomeSummary:
    status: str
    reasons: tuple[str, ...]


def init_app(app: Flask) -> None:
    """Let the app's Jinja environment find the document templates as ``letters/<name>``."""
    letters = PrefixLoader({LETTERS: FileSystemLoader(str(TEMPLATE_DIR))})
    app.jinja_env.loader = ChoiceLoader([letters, app.jinja_env.loader])


# --- the public verbs --------------------------------------------------------------------


def application_documents(application: Application) -> list[DocumentFile]:
    """One document per scheme the application was sent to, in the order of the schemes."""
    return [
        application_document(application, scheme)
        for scheme in APPLICATION_KINDS
        if scheme in application.scheme_list
    ]


def application_document(application: Application, scheme: str) -> DocumentFile:
    """The application as sent to ``scheme``, in the language it was written in."""
    return _document_file(
        application,
        _application_kind(application, scheme),
        document_language(application),
        lambda: application_context(application, scheme),
        author=_answer(application, "agency_name"),
    )


def download_for_applicant(application: Application, scheme: str) -> DocumentFile:
    """The application document for ``scheme``, with the download recorded in the audit trail."""
    document = application_document(application, scheme)
    audit.record_download(
        application,
        DOWNLOADED_BY_APPLICANT,
        None,
        {"scheme": scheme, "filename": document.filename},
        document.content,
    )
    return document


def advice_letter(application: Application) -> DocumentFile:
    """The council's draft advice letter, in the letter's language."""
    return _document_file(
        application,
        ADVICE_LETTER,
        letter_language(application),
        lambda: advice_letter_context(application),
        author=COUNCIL_AUTHOR,
    )


def decision_letter(application: Application, letter: str) -> DocumentFile:
    """A decision letter on the co-financing application, in the decision's language."""
    return _document_file(
        application,
        DECISION_LETTERS[letter],
        decision_language(application),
        lambda: decision_letter_context(application, letter),
        author=SCHEME_AUTHOR,
    )


def decision_letter_preview_html(application: Application, letter: str) -> Markup:
    with force_locale(decision_language(application)):
        return render_html(
            DECISION_LETTERS[letter].template, decision_letter_context(application, letter), _env()
        )


def application_preview_html(application: Application, scheme: str) -> Markup:
    kind = _application_kind(application, scheme)
    with force_locale(document_language(application)):
        return render_html(kind.template, application_context(application, scheme), _env())


def advice_letter_preview_html(application: Application) -> Markup:
    with force_locale(letter_language(application)):
        return render_html(ADVICE_LETTER.template, advice_letter_context(application), _env())


def send_document(document: DocumentFile) -> Response:
    """A download response: an attachment with both filename forms, never cached or sniffed."""
    response = Response(document.content, mimetype=document.mimetype)
    response.headers["Content-Disposition"] = content_disposition(
        document.filename, document.download_name or document.filename
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# --- languages, names and files ----------------------------------------------------------


def document_language(application: Application) -> str:
    """An application document is in the language the application was written in."""
    return application.locale if application.locale in LANGUAGES else "nb"


def decision_language(application: Application) -> str:
    decision = db.session.get(GrantDecision, application.id)
    if decision is not None and decision.letter_language in LANGUAGES:
        return decision.letter_language
    return application.locale if application.locale in ("nb", "nn") else "nb"


def letter_language(application: Application) -> str:
    return Assessment.of(application).letter_language or document_language(application)


def content_disposition(filename: str, download_name: str) -> str:
    """``attachment`` with an ASCII ``filename`` and the full name as UTF-8 ``filename*``."""
    fallback = _ascii_filename(filename)
    full = _safe_filename(download_name) or fallback
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(full, safe='')}"


def _ascii_filename(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")
    return cleaned or "document.docx"


def _safe_filename(name: str) -> str:
    # No path separators, quotes or control characters survive into a file name.
    cleaned = re.sub(r'[\x00-\x1f\x7f-\x9f/\\:*?"<>|]+', " ", name)
    return re.sub(r"\s+", " ", cleaned).strip(" .")[:150]


def _application_kind(application: Application, scheme: str) -> DocumentKind:
    if scheme not in APPLICATION_KINDS or scheme not in application.scheme_list:
        raise LookupError(f"the application was not sent to the scheme {scheme!r}")
    return APPLICATION_KINDS[scheme]


def _document_file(
    application: Application,
    kind: DocumentKind,
    language: str,
    context: Callable[[], dict[str, Any]],
    author: str,
) -> DocumentFile:
    reference = application.reference or ""
    with force_locale(language):
        title = gettext(kind.title, title=_answer(application, "project_title"))
        meta = DocumentMeta(
            title=title,
            language=language,
            author=author,
            subject=gettext(kind.name),
            keywords=tuple(filter(None, (reference,))),
            created=application.submitted_at,
        )
        content = build_docx(kind.template, context(), meta, _env())
        download_name = f"{gettext(kind.name)} {reference}.docx"
    return DocumentFile(
        filename=f"{kind.filename_stem}-{reference}.docx",
        content=content,
        title=title,
        download_name=download_name,
    )


def _env() -> Environment:
    return current_app.jinja_env


# --- what the templates read -------------------------------------------------------------


def _answer(application: Application, name: str) -> str:
    value = (application.answers or {}).get(name)
    return "" if value is None else str(value)


def application_context(application: Application, scheme: str) -> dict[str, Any]:
    """The data of an application document, in the active locale."""
    answers, ruleset = application.answers or {}, ruleset_for(application)
    on_path = answers_on_path(answers, ruleset)
    wanted = {*COMMON_STEPS, scheme, "readiness"}
    other_schemes = [s for s in application.scheme_list if s != scheme and s in SCHEME_LABELS]
    sections = [s for s in summarise(answers, ruleset) if s.step_id in wanted]
    outcome = _outcome(answers, ruleset, scheme)
    context: dict[str, Any] = {
        "scheme": scheme,
        "title": gettext(APPLICATION_KINDS[scheme].title, title=on_path.get("project_title", "")),
        "agency_name": on_path.get("agency_name", ""),
        "org_number": on_path.get("org_number", ""),
        "project_title": on_path.get("project_title", ""),
        "reference": application.reference or "",
        "submitted_on": _day(application.submitted_at),
        "other_schemes": [gettext(SCHEME_LABELS[s]) for s in other_schemes],
        "outcome": _outcome_summary(outcome),
        "sections": sections,
        # The answers given, by name, formatted as the check page shows them, for the prose.
        "answered": {
            row.name: row.value for section in sections for row in section.rows if row.answered
        },
        "prose": {name: paragraphs(on_path.get(name)) for name in PROSE_ANSWERS},
        "recipient": (
            gettext(SECRETARIAT_NAMES[ruleset.secretariat]),
            gettext(RECIPIENT_UNITS[scheme]),
        ),
        "requested_share": _share(on_path.get("requested_amount"), on_path.get("total_cost")),
        "declared": answers.get("declaration") is True,
        "ruleset": ruleset,
        **ruleset_context(application, ruleset),
        "attached_files": attached_files(application, SCHEME_ATTACHMENT_KINDS[scheme]),
    }
    if scheme == "cofinancing":
        context["figures"] = computed_figures(answers, ruleset)
        context["first_year"] = _year(on_path.get("planned_start"))
        context["attachments"] = _cofinancing_attachments(on_path)
    else:
        context["council_reading"] = gettext(COUNCIL_READING)
        context["attachments"] = _council_attachments(
            {file.kind for file in application.attachments}
        )
    return context


def ruleset_context(application: Application, ruleset: RuleSet) -> dict[str, str]:
    """The rule set as documents name it: title, validity, and whether it applied when sent."""
    locale = _locale()
    as_of = _day(application.submitted_at) or today_in_norway()
    notice = expiry_text(ruleset, ruleset_in_force(), as_of)
    return {
        "ruleset_title": ruleset.title_for(locale),
        "ruleset_validity": validity_text(ruleset).render(gettext, locale),
        "ruleset_notice": notice.render(gettext, locale) if notice is not None else "",
    }


def _outcome(answers: Mapping[str, Any], ruleset: RuleSet, scheme: str) -> Outcome | None:
    try:
        return route_application(answers, ruleset).outcome(scheme)
    except (RoutingInputError, KeyError):
        return None


def _outcome_summary(outcome: Outcome | None) -> OutcomeSummary | None:
    if outcome is None:
        return None
    locale = _locale()
    return OutcomeSummary(
        status=gettext(STATUS_LABELS[outcome.status]),
        reasons=tuple(reason.render(gettext, locale) for reason in outcome.reasons),
    )


def _cofinancing_attachments(answers: Mapping[str, Any]) -> list[Attachment]:
    made = gettext("Made from the figures in the application")
    plan = BENEFITS_PLAN_STATUS.get(answers.get("benefits_plan") or "")
    return [
        *(Attachment(gettext(kind.name), made) for kind in APPENDIX_KINDS.values()),
        Attachment(
            gettext("Benefits realisation plan"),
            gettext(plan) if plan else gettext("Needed before a final grant"),
        ),
    ]


def _council_attachments(attached: set[str]) -> list[Attachment]:
    """The documents the council reads, and any other kind attached."""
    wanted = [*COUNCIL_READS, *(k for k in COUNCIL_DOCUMENTS if k in attached)]
    yes, no = gettext("Attached"), gettext("Not attached")
    return [
        Attachment(gettext(ATTACHMENT_KINDS[kind]), yes if kind in attached else no)
        for kind in dict.fromkeys(wanted)
    ]


def attached_files(application: Application, kinds: tuple[str, ...]) -> list[AttachedFile]:
    """The files attached of these kinds, by name and size, in the active locale."""
    locale = _locale()
    return [
        AttachedFile(
            document=gettext(ATTACHMENT_KINDS[file.kind]),
            filename=file.filename,
            size=formatting.format_file_size(file.size, locale, gettext),
        )
        for file in application.attachments
        if file.kind in kinds
    ]


def advice_letter_context(application: Application) -> dict[str, Any]:
    """The data of the draft advice letter, in the active locale (the letter's language)."""
    answers, ruleset = application.answers or {}, ruleset_for(application)
    on_path = answers_on_path(answers, ruleset)
    assessment = Assessment.of(application)
    ministry = on_path.get("ministry")
    return {
        "title": gettext(ADVICE_LETTER.title, title=on_path.get("project_title", "")),
        "agency_name": on_path.get("agency_name", ""),
        "agency_head": on_path.get("agency_head", ""),
        "project_title": on_path.get("project_title", ""),
        "project_summary": paragraphs(on_path.get("project_summary")),
        "questions_for_council": paragraphs(on_path.get("questions_for_council")),
        "ministry": gettext(MINISTRIES[ministry]) if ministry in MINISTRIES else "",
        "case_number": assessment.case_number,
        "their_reference": assessment.their_reference or application.reference,
        "letter_date": _letter_date(application, assessment),
        "received_on": _day(application.submitted_at),
        "meeting_date": assessment.meeting_date or _agreed_meeting(application),
        "overall_assessment": paragraphs(assessment.overall_assessment),
        "readiness": _readiness_count(on_path),
        "recommendations": letter_recommendations(application, _locale()),
        "follow_up": paragraphs(assessment.follow_up),
        **ruleset_context(application, ruleset),
        "case_officer": assessment.case_officer,
        "case_officer_title": assessment.case_officer_title,
        "case_officer_email": assessment.case_officer_email,
        "contact_phone": current_app.config.get("VEIVISER_CONTACT_PHONE", ""),
        "secretariat_address": _address_lines(current_app.config.get("VEIVISER_POSTAL_ADDRESS")),
        # A copy goes to the ministry only when the advisor says so.
        "copy_to_ministry": assessment.copy_to_ministry,
    }


def _reporting_dates(reporting: ReportingDates | None) -> dict[str, str] | None:
    """The rule set's reporting deadlines as the letter writes them, in the active language."""
    if reporting is None:
        return None
    locale = str(get_locale() or "nb")
    return {
        name: formatting.format_day_month(day.month, day.day, locale)
        for name, day in (
            ("annual", reporting.annual_report),
            ("forecast", reporting.forecast),
            ("final", reporting.final_report),
        )
    }


def decision_letter_context(application: Application, letter: str) -> dict[str, Any]:
    """The data of a decision letter, in the active locale (the decision's language)."""
    answers, ruleset = application.answers or {}, ruleset_for(application)
    on_path = answers_on_path(answers, ruleset)
    # The grant follows the rules of the call it was made in, and its secretariat.
    if application.call is not None:
        ruleset = load_ruleset(application.call.ruleset_id)
    decision = db.session.get(GrantDecision, application.id)
    if decision is None:
        raise LookupError("the application has no decision")
    final = letter == "final-grant"
    officer = decision.case_officer
    config = current_app.config
    rules = ruleset.cofinancing
    requested = on_path.get("requested_amount")
    return {
        "title": gettext(DECISION_LETTERS[letter].title, title=on_path.get("project_title", "")),
        "agency_name": on_path.get("agency_name", ""),
        "agency_head": on_path.get("agency_head", ""),
        "project_title": on_path.get("project_title", ""),
        "secretariat": gettext(SECRETARIAT_NAMES.get(ruleset.secretariat, "")),
        "case_number": decision.case_number,
        "their_reference": application.reference,
        "letter_date": (
            (decision.final_letter_date if final else decision.letter_date) or today_in_norway()
        ),
        "received_on": _day(application.submitted_at),
        "call_year": application.call.year if application.call is not None else None,
        "requested_amount": requested if isinstance(requested, int) else None,
        "total_cost": on_path.get("total_cost"),
        "amount": decision.final_amount if final else decision.amount,
        "preliminary_amount": decision.amount,
        "preliminary_date": decision.letter_date,
        "plan_due_on": decision.plan_due_on,
        "conditions": paragraphs(decision.conditions),
        "reasons": paragraphs(decision.reasons_text),
        "budget_cut_share": rules.budget_cut_share,
        "max_grant_years": rules.max_grant_years,
        "reporting": _reporting_dates(rules.reporting),
        "case_officer": officer.name if officer is not None else "",
        "case_officer_email": officer.email if officer is not None else "",
        "contact_email": config.get("VEIVISER_CONTACT_EMAIL", ""),
        "contact_phone": config.get("VEIVISER_CONTACT_PHONE", ""),
        "secretariat_address": _address_lines(config.get("VEIVISER_POSTAL_ADDRESS")),
        **ruleset_context(application, ruleset),
    }


def _address_lines(value: Any) -> list[str]:
    """A configured postal address ("Postboks 1, 0101 Oslo" or with line breaks) as lines."""
    text = value if isinstance(value, str) else ""
    return [line.strip() for line in re.split(r"[\n;]", text) if line.strip()]


def _agreed_meeting(application: Application) -> date | None:
    track = application.track("council")
    return track.meeting_on if track is not None else None


def paragraphs(value: Any) -> list[list[str]]:
    """Free text as paragraphs (split at blank lines), each a list of its lines."""
    text = value if isinstance(value, str) else ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = re.split(r"\n[ \t]*\n", text)
    return [
        [line.strip() for line in block.strip().split("\n")] for block in blocks if block.strip()
    ]


def _readiness_count(answers: Mapping[str, Any]) -> dict[str, int] | None:
    given = [answers[q] for q in READINESS_QUESTIONS if answers.get(q) in ("yes", "partly", "no")]
    if not given:
        return None
    return {"in_place": given.count("yes"), "total": len(READINESS_QUESTIONS)}


def _letter_date(application: Application, assessment: Assessment) -> date | None:
    """The date the letter carries: the one the advisor set, else the day the case last
    changed (from the data, so the same case gives the same letter)."""
    return assessment.letter_date or _day(application.updated_at) or _day(application.submitted_at)


def _share(part: Any, whole: Any) -> float | None:
    """`part` as a share of `whole` (the amount applied for of the total cost), if both are set."""
    if isinstance(part, int) and isinstance(whole, int) and whole > 0:
        return part / whole
    return None


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def _year(value: Any) -> int | None:
    match = re.match(r"(\d{4})-\d{2}$", str(value or ""))
    return int(match.group(1)) if match else None


def _locale() -> str:
    return str(get_locale() or "nb")
