"""The lead advisor's decisions on co-financing applications (DOMAIN.md §2).

Trinn 1 ends in a decision per application: a preliminary grant (amount, conditions, the
deadline for the benefits realisation plan) or a rejection (reasons). It is saved as a draft,
previewed, and sent; sending moves the co-financing track, tells the applicant by e-mail and
queues the archive copy, all in the transaction that records it, and happens once.
Trinn 2: the plan comes in (the applicant uploads it with the receipt code, or an advisor
attaches it); the lead advisor approves it, and the final grant letter follows, or asks for
changes with a message.

Services flush; the view commits. Every change is audited with who, when and what changed.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any, BinaryIO

from sqlalchemy import update

from forms.text import N_

from ..extensions import db
from ..models import Advisor, Application, GrantDecision, RankingEntry, utcnow
from . import archive, attachments, audit, mail, tracks

GRANT, REJECTION = "grant", "rejection"
OUTCOMES = (GRANT, REJECTION)
PLAN_RECEIVED, CHANGES_REQUESTED, PLAN_APPROVED = "received", "changes_requested", "approved"
PLAN_KIND = "benefits_plan"

# Why an application is rejected: chosen by the lead advisor, each with the paragraph the letter
# starts from (English msgids; the lead advisor may rewrite the text).
REASONS = ("requirements", "beyond_pot", "not_decisive", "other")
REASON_LABELS = {
    "requirements": N_("The formal requirements are not met"),
    "beyond_pot": N_("Ranked below the applications the pot covers"),
    "not_decisive": N_("The grant would not be what makes the project happen"),
    "other": N_("Another reason (write it in the text)"),
}
REASON_TEXTS = {
    "requirements": N_(
        "The application does not meet all the formal requirements of the scheme, and so "
        "could not be ranked with the others."
    ),
    "beyond_pot": N_(
        "The application meets the formal requirements, but other applications ranked higher "
        "on net present value per invested krone, the non-priced benefits, the plan for "
        "realising internal gains and maturity, and they took up this year's pot."
    ),
    "not_decisive": N_(
        "The scheme supports projects that would not happen without the grant. The application "
        "does not show that the grant is what makes this project happen."
    ),
    "other": "",
}

# Audit actions (shown in the application's history).
DECISION_SAVED = "decision_saved"
DECISION_SENT = "decision_sent"
PLAN_ADDED = "plan_received"
PLAN_CHANGES = "plan_changes_requested"
FINAL_SAVED = "final_grant_saved"
FINAL_SENT = "final_grant_sent"
ACTIONS = (DECISION_SAVED, DECISION_SENT, PLAN_ADDED, PLAN_CHANGES, FINAL_SAVED, FINAL_SENT)

# The letters, as the archive and the mails name them.
PRELIMINARY_LETTER, REJECTION_LETTER, FINAL_LETTER = (
    "preliminary-grant",
    "rejection-letter",
    "final-grant",
)
LETTER_LANGUAGES = ("nb", "nn", "en")
CONDITIONS_LENGTH, REASONS_LENGTH, MESSAGE_LENGTH = 5_000, 5_000, 3_000


class DecisionRefused(Exception):
    """Not allowed now; ``message`` is an English msgid, ``values`` fill it."""

    def __init__(self, message: str, **values: Any) -> None:
        super().__init__(message % values if values else message)
        self.message = message
        self.values = values


@dataclass(frozen=True)
class DecisionDraft:
    """What the lead advisor writes in the decision form."""

    outcome: str
    amount: int | None
    conditions: str | None
    plan_due_on: date | None
    reasons: tuple[str, ...]
    reasons_text: str | None
    letter_language: str
    case_number: str | None
    letter_date: date | None

    @classmethod
    def of(cls, decision: GrantDecision) -> DecisionDraft:
        values = {field.name: getattr(decision, field.name) for field in fields(cls)}
        values["reasons"] = tuple(decision.reasons or ())
        return cls(**values)


def decision_of(application: Application) -> GrantDecision | None:
    return db.session.get(GrantDecision, application.id)


def default_language(application: Application) -> str:
    """The letter is in nb or nn as the applicant chose; an English application gets nb (the
    lead advisor may choose English on request)."""
    return application.locale if application.locale in ("nb", "nn") else "nb"


def _require_lead(advisor: Advisor) -> None:
    if not advisor.is_lead:
        raise DecisionRefused(N_("Only lead advisors can do this."))


def _require_cofinancing(application: Application) -> None:
    if (
        "cofinancing" not in application.scheme_list
        or application.track(tracks.COFINANCING) is None
    ):
        raise DecisionRefused(N_("The application was not sent for co-financing."))


def problems_with(
    draft: DecisionDraft, entry: RankingEntry | None, today: date
) -> dict[str, tuple[str, dict[str, Any]]]:
    """What stops the draft being saved, by field: (msgid, values)."""
    problems: dict[str, tuple[str, dict[str, Any]]] = {}
    if draft.outcome not in OUTCOMES:
        problems["outcome"] = (N_("Choose a preliminary grant or a rejection."), {})
        return problems
    if draft.letter_language not in LETTER_LANGUAGES:
        problems["letter_language"] = (N_("Choose the language of the letter."), {})
    if draft.outcome == GRANT:
        if draft.amount is None or draft.amount <= 0:
            problems["amount"] = (N_("Enter the amount granted, more than 0 kroner."), {})
        elif (
            entry is not None
            and entry.grant_ceiling is not None
            and draft.amount > entry.grant_ceiling
        ):
            problems["amount"] = (
                N_("The amount is above the largest grant the rules allow, %(ceiling)s."),
                {"ceiling": entry.grant_ceiling},
            )
        elif (
            entry is not None
            and entry.requested_amount is not None
            and (draft.amount > entry.requested_amount)
        ):
            problems["amount"] = (
                N_("The amount is above the amount requested, %(requested)s."),
                {"requested": entry.requested_amount},
            )
        if draft.plan_due_on is None:
            problems["plan_due_on"] = (
                N_("Enter the deadline for the benefits realisation plan."),
                {},
            )
        elif draft.plan_due_on <= today:
            problems["plan_due_on"] = (
                N_("The deadline for the plan must be after today."),
                {},
            )
    else:
        unknown = [reason for reason in draft.reasons if reason not in REASONS]
        if not draft.reasons or unknown:
            problems["reasons"] = (N_("Choose at least one reason for the rejection."), {})
        elif not (draft.reasons_text or "").strip():
            problems["reasons_text"] = (N_("Write the reasons as the letter gives them."), {})
    return problems


def save_draft(
    application: Application,
    draft: DecisionDraft,
    advisor: Advisor,
    entry: RankingEntry | None,
    today: date,
) -> bool:
    """Store the decision as a draft; says whether anything changed. Raises DecisionRefused when
    the decision has been sent, and ValueError-like DecisionInvalid on problems."""
    _require_lead(advisor)
    _require_cofinancing(application)
    decision = decision_of(application)
    if decision is not None and decision.sent_at is not None:
        raise DecisionRefused(N_("The decision has been sent and can no longer be changed."))
    problems = problems_with(draft, entry, today)
    if problems:
        raise DecisionInvalid(problems)
    if draft.outcome == REJECTION:
        draft = DecisionDraft(**{**draft.__dict__, "amount": None, "plan_due_on": None})
    else:
        draft = DecisionDraft(**{**draft.__dict__, "reasons": (), "reasons_text": None})
    if decision is None:
        decision = GrantDecision(application_id=application.id, outcome=draft.outcome)
        db.session.add(decision)
        before: DecisionDraft | None = None
    else:
        before = DecisionDraft.of(decision)
    changed = [
        field.name
        for field in fields(DecisionDraft)
        if before is None or getattr(before, field.name) != getattr(draft, field.name)
    ]
    if not changed and decision.case_officer_id == advisor.id:
        return False
    for field in fields(DecisionDraft):
        value = getattr(draft, field.name)
        setattr(decision, field.name, list(value) if field.name == "reasons" else value)
    decision.case_officer_id = advisor.id
    decision.updated_at = utcnow()
    audit.record(
        application,
        DECISION_SAVED,
        advisor,
        detail={"outcome": draft.outcome, "amount": draft.amount, "fields": changed},
    )
    db.session.flush()
    return True


class DecisionInvalid(ValueError):
    def __init__(self, problems: dict[str, tuple[str, dict[str, Any]]]) -> None:
        super().__init__(", ".join(problems))
        self.problems = problems


def send(application: Application, advisor: Advisor) -> GrantDecision:
    """Send the saved decision: once. Moves the track, queues the mail and the archive copy."""
    _require_lead(advisor)
    _require_cofinancing(application)
    decision = decision_of(application)
    if decision is None:
        raise DecisionRefused(N_("Save the decision before you send it."))
    now = utcnow()
    result = db.session.execute(
        update(GrantDecision)
        .where(GrantDecision.application_id == application.id, GrantDecision.sent_at.is_(None))
        .values(sent_at=now, letter_date=decision.letter_date or now.date())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise DecisionRefused(N_("The decision has been sent already."))
    db.session.refresh(decision)
    target = tracks.PRELIMINARY_GRANT if decision.outcome == GRANT else tracks.REJECTED
    try:
        tracks.set_step(application, tracks.COFINANCING, (tracks.SENT,), target, advisor)
    except tracks.TrackRefused:
        db.session.rollback()
        raise DecisionRefused(N_("The application has been decided already.")) from None
    letter = PRELIMINARY_LETTER if decision.outcome == GRANT else REJECTION_LETTER
    audit.record(
        application,
        DECISION_SENT,
        advisor,
        detail={"outcome": decision.outcome, "amount": decision.amount, "letter": letter},
    )
    _tell_and_archive(application, letter)
    return decision


def _tell_and_archive(application: Application, letter: str) -> None:
    from . import documents

    mail.queue_letter_ready(
        application, event=f"decision:{letter}", document=documents.DECISION_LETTERS[letter].name
    )
    archive.queue_archive_copy(application, letter)


# --- trinn 2: the benefits realisation plan and the final grant -----------------------------


def _granted(application: Application) -> GrantDecision:
    decision = decision_of(application)
    if decision is None or decision.outcome != GRANT or decision.sent_at is None:
        raise DecisionRefused(N_("The application has no preliminary grant."))
    return decision


def can_take_plan(application: Application) -> bool:
    """The plan is welcome after a preliminary grant, until it is approved."""
    return takes_plan(decision_of(application))


def takes_plan(decision: GrantDecision | None) -> bool:
    """`can_take_plan` for a decision already looked up (None: there is none)."""
    return (
        decision is not None
        and decision.outcome == GRANT
        and decision.sent_at is not None
        and decision.plan_status != PLAN_APPROVED
    )


def can_take_final(decision: GrantDecision) -> bool:
    """The final grant can be written once a plan is in, until it is sent."""
    return (
        decision.outcome == GRANT
        and decision.sent_at is not None
        and decision.plan_status in (PLAN_RECEIVED, PLAN_APPROVED)
        and decision.final_sent_at is None
    )


def add_plan(
    application: Application,
    file: BinaryIO | None,
    filename: str,
    advisor: Advisor | None,
) -> GrantDecision:
    """The benefits realisation plan arrives (from the applicant when `advisor` is None). A new
    plan replaces one that waits for changes; raises attachments.UploadRefused on a bad file."""
    decision = _granted(application)
    if decision.plan_status == PLAN_APPROVED:
        raise DecisionRefused(N_("The plan has been approved already."))
    previous = decision.plan_attachment
    attachment = attachments.add_attachment(
        application, PLAN_KIND, file, filename, replaces=previous
    )
    decision.plan_attachment_id = attachment.id
    decision.plan_status = PLAN_RECEIVED
    decision.updated_at = utcnow()
    track = application.track(tracks.COFINANCING)
    if track is not None and track.step == tracks.PRELIMINARY_GRANT:
        tracks.set_step(
            application,
            tracks.COFINANCING,
            (tracks.PRELIMINARY_GRANT,),
            tracks.PLAN_RECEIVED,
            advisor,
        )
    audit.record(
        application,
        PLAN_ADDED,
        advisor,
        detail={"filename": attachment.filename, "sha256": attachment.sha256},
    )
    db.session.flush()
    return decision


def ask_for_changes(application: Application, message: str, advisor: Advisor) -> GrantDecision:
    """Send the plan back with a message; the applicant gets it by e-mail."""
    _require_lead(advisor)
    decision = _granted(application)
    message = message.strip()
    if decision.plan_status != PLAN_RECEIVED:
        raise DecisionRefused(N_("There is no plan waiting for an answer."))
    if not message:
        raise DecisionRefused(N_("Write what the agency should change in the plan."))
    decision.plan_status = CHANGES_REQUESTED
    decision.plan_message = message
    decision.updated_at = utcnow()
    tracks.set_step(
        application, tracks.COFINANCING, (tracks.PLAN_RECEIVED,), tracks.PRELIMINARY_GRANT, advisor
    )
    changes = sum(1 for event in application.events if event.action == PLAN_CHANGES)
    audit.record(application, PLAN_CHANGES, advisor, detail={}, note=message)
    mail.queue_plan_changes(application, message, event=f"plan-changes:{changes + 1}")
    db.session.flush()
    return decision


def save_final(
    application: Application, amount: int | None, letter_date: date | None, advisor: Advisor
) -> bool:
    """Approve the plan and write the final grant (at most the preliminary amount)."""
    _require_lead(advisor)
    decision = _granted(application)
    if decision.final_sent_at is not None:
        raise DecisionRefused(N_("The final grant has been sent and can no longer be changed."))
    if decision.plan_status not in (PLAN_RECEIVED, PLAN_APPROVED):
        raise DecisionRefused(N_("The final grant follows an approved benefits realisation plan."))
    if amount is None or amount <= 0:
        raise DecisionRefused(N_("Enter the amount granted, more than 0 kroner."))
    if decision.amount is not None and amount > decision.amount:
        raise DecisionRefused(
            N_("The final grant cannot be more than the preliminary grant, %(amount)s."),
            amount=decision.amount,
        )
    before = (decision.plan_status, decision.final_amount, decision.final_letter_date)
    after = (PLAN_APPROVED, amount, letter_date)
    if before == after:
        return False
    decision.plan_status, decision.final_amount, decision.final_letter_date = after
    decision.updated_at = utcnow()
    audit.record(
        application,
        FINAL_SAVED,
        advisor,
        detail={"amount": amount, "plan": "approved"},
    )
    db.session.flush()
    return True


def send_final(application: Application, advisor: Advisor) -> GrantDecision:
    _require_lead(advisor)
    decision = _granted(application)
    if decision.plan_status != PLAN_APPROVED or decision.final_amount is None:
        raise DecisionRefused(N_("Approve the plan and save the final grant before you send it."))
    now = utcnow()
    result = db.session.execute(
        update(GrantDecision)
        .where(
            GrantDecision.application_id == application.id,
            GrantDecision.final_sent_at.is_(None),
        )
        .values(final_sent_at=now, final_letter_date=decision.final_letter_date or now.date())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise DecisionRefused(N_("The final grant has been sent already."))
    db.session.refresh(decision)
    try:
        tracks.set_step(
            application,
            tracks.COFINANCING,
            (tracks.PLAN_RECEIVED, tracks.PRELIMINARY_GRANT),
            tracks.FINAL_GRANT,
            advisor,
        )
    except tracks.TrackRefused:
        db.session.rollback()
        raise DecisionRefused(N_("The final grant has been sent already.")) from None
    audit.record(
        application,
        FINAL_SENT,
        advisor,
        detail={"amount": decision.final_amount, "letter": FINAL_LETTER},
    )
    _tell_and_archive(application, FINAL_LETTER)
    return decision


def sent_letters(application: Application) -> list[str]:
    """The decision letters the applicant has received, in the order they were sent."""
    return letters_of(decision_of(application))


def letters_of(decision: GrantDecision | None) -> list[str]:
    """`sent_letters` for a decision already looked up (None: there is none)."""
    if decision is None or decision.sent_at is None:
        return []
    letters = [PRELIMINARY_LETTER if decision.outcome == GRANT else REJECTION_LETTER]
    if decision.final_sent_at is not None:
        letters.append(FINAL_LETTER)
    return letters
