"""Verbs on an applicant's application: create, save a step, resume, submit, purge."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from datetime import timedelta
from functools import cache
from typing import Any

from flask import current_app
from sqlalchemy import Select, bindparam, delete, select, update
from sqlalchemy.orm import joinedload

from forms import flow
from forms.rulesets import RuleSet, load_ruleset
from forms.text import Text
from forms.validity import expiry_text, today_in_norway

from ..extensions import db
from ..models import Application, ApplicationStatus, AuditEvent, utcnow, without_nul
from . import calls, tracks

# No 0/O, 1/I/L or U: easy to read aloud and type. 16 characters ≈ 80 bits.
RESUME_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
RESUME_CODE_LENGTH = 16


def ruleset_in_force() -> RuleSet:
    return load_ruleset(current_app.config["VEIVISER_RULESET"])


def ruleset_for(application: Application | None) -> RuleSet:
    """A draft keeps the rule set it was started under, so a change mid-way cannot trip it."""
    if application is not None and application.ruleset_id:
        return load_ruleset(application.ruleset_id)
    return ruleset_in_force()


def ruleset_notice(ruleset: RuleSet) -> Text | None:
    """Why the draft's rule set no longer applies, naming the one in force; None while it does."""
    return expiry_text(ruleset, ruleset_in_force(), today_in_norway())


def move_to_ruleset_in_force(application: Application) -> bool:
    """Let a draft continue under the rule set in force (only ever on the applicant's say-so).
    Returns whether it moved; the answers stay, and the path is recomputed from them."""
    in_force = ruleset_in_force()
    if application.status != ApplicationStatus.DRAFT or application.ruleset_id == in_force.id:
        return False
    db.session.add(
        AuditEvent(
            application_id=application.id,
            action="ruleset_changed",
            detail={"from": application.ruleset_id, "to": in_force.id},
        )
    )
    application.ruleset_id = in_force.id
    application.updated_at = utcnow()
    _refresh_queue_columns(application)
    return True


def find_draft(public_id: str | None) -> Application | None:
    if not public_id:
        return None
    return db.session.scalar(_draft_by_public_id(), {"public_id": public_id})


@cache
def _draft_by_public_id() -> Select:
    # Built once: every wizard request reads its draft, and building the statement anew cost
    # about as much as running it.
    return select(Application).where(
        Application.public_id == bindparam("public_id"),
        Application.status == ApplicationStatus.DRAFT,
    )


def find_submitted(public_id: str | None) -> Application | None:
    """A sent application with its tracks and grant decision (the receipt shows both), in one
    query."""
    if not public_id:
        return None
    found = db.session.scalars(_submitted_by_public_id(), {"public_id": public_id})
    return found.unique().first()


@cache
def _submitted_by_public_id() -> Select:
    return (
        select(Application)
        .where(
            Application.public_id == bindparam("public_id"),
            Application.status != ApplicationStatus.DRAFT,
        )
        .options(joinedload(Application.tracks), joinedload(Application.grant_decision))
    )


def create_draft(locale: str) -> Application:
    application = Application(
        locale=locale, ruleset_id=ruleset_in_force().id, answers={}, assessment={}
    )
    db.session.add(application)
    db.session.flush()
    return application


class DraftClosed(Exception):
    """The application was sent (or removed) after this request read it as a draft."""


def save_answers(application: Application, values: Mapping[str, Any], locale: str) -> None:
    """Store one step's answers (keyed by the data dictionary) and refresh the queue copies.

    The update applies only while the application is still a draft: a save from a second tab
    that read the draft before it was sent changes nothing and raises DraftClosed.
    """
    answers = {**(application.answers or {}), **values}
    result = db.session.execute(
        update(Application)
        .where(Application.id == application.id, Application.status == ApplicationStatus.DRAFT)
        .values(
            answers=answers,
            locale=locale,
            updated_at=utcnow(),
            **queue_columns(answers, ruleset_for(application)),
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise DraftClosed(application.public_id)
    # The UPDATE went past the object: what it holds is read again when next asked for.
    db.session.expire(application)


def queue_columns(answers: Mapping[str, Any], ruleset: RuleSet) -> dict[str, Any]:
    """The copies of a few answers that the advisors' queue filters, searches and sorts on."""
    total_cost = answers.get("total_cost")
    return {
        "agency_name": _column_text(answers.get("agency_name"), 300),
        "project_title": _column_text(answers.get("project_title"), 300),
        "ministry": answers.get("ministry") or None,
        "total_cost": total_cost if isinstance(total_cost, int) else None,
        "schemes": ",".join(flow.chosen_schemes(answers, ruleset)) or None,
    }


def _column_text(value: Any, length: int) -> str | None:
    # An UPDATE statement passes by the model's validators: strip NUL here too.
    if not isinstance(value, str):
        return None
    return without_nul(value)[:length] or None


def _refresh_queue_columns(application: Application) -> None:
    for name, value in queue_columns(application.answers, ruleset_for(application)).items():
        setattr(application, name, value)


def _hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def normalise_resume_code(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def issue_resume_code(application: Application) -> str:
    """A new code for this draft; any earlier code stops working. Only the hash is stored."""
    code = "".join(secrets.choice(RESUME_ALPHABET) for _ in range(RESUME_CODE_LENGTH))
    application.resume_code_hash = _hash_code(code)
    return code


def is_current_resume_code(application: Application, raw: str) -> bool:
    """Whether `raw` is the draft's code now (an earlier code, or none, is not)."""
    stored = application.resume_code_hash
    return stored is not None and hmac.compare_digest(
        stored, _hash_code(normalise_resume_code(raw))
    )


def format_resume_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def find_by_resume_code(raw: str) -> Application | None:
    code = normalise_resume_code(raw)
    if len(code) != RESUME_CODE_LENGTH:
        return None
    return db.session.scalar(
        select(Application).where(
            Application.resume_code_hash == _hash_code(code),
            Application.status == ApplicationStatus.DRAFT,
        )
    )


def new_receipt_code() -> str:
    """A code for the receipt, like the resume code: 16 characters, easy to read aloud."""
    return "".join(secrets.choice(RESUME_ALPHABET) for _ in range(RESUME_CODE_LENGTH))


def has_receipt_code(application: Application, code: str) -> bool:
    stored = application.receipt_code_hash
    return stored is not None and hmac.compare_digest(
        stored, _hash_code(normalise_resume_code(code))
    )


def find_by_receipt(reference: str, raw_code: str) -> Application | None:
    """A sent application by its reference and the code its receipt gave; None otherwise."""
    code = normalise_resume_code(raw_code)
    wanted = "".join(reference.split()).upper()
    if len(code) != RESUME_CODE_LENGTH or not wanted:
        return None
    application = db.session.scalar(
        select(Application).where(
            Application.reference == wanted, Application.status != ApplicationStatus.DRAFT
        )
    )
    if application is None or not has_receipt_code(application, code):
        return None
    return application


def submit(application: Application, receipt_code: str | None = None) -> Application:
    """Send the draft. Safe to call twice (double click, two tabs): only one update wins; the
    winner stores the hash of `receipt_code`, which opens the receipt again with the reference.

    Raises :class:`calls.CofinancingClosed`, leaving the draft as it was, when it asks for
    co-financing after a call's deadline and before the next call opens."""
    from . import followups  # here: its documents import this module

    now = utcnow()
    chosen = flow.chosen_schemes(application.answers, ruleset_for(application))
    situation = calls.current_situation()
    if "cofinancing" in chosen and situation.refuses_cofinancing:
        raise calls.CofinancingClosed(situation)
    result = db.session.execute(
        update(Application)
        .where(Application.id == application.id, Application.status == ApplicationStatus.DRAFT)
        .values(
            status=ApplicationStatus.SUBMITTED,
            submitted_at=now,
            reference=reference_number(application.id, now.year),
            resume_code_hash=None,
            receipt_code_hash=_hash_code(receipt_code) if receipt_code else None,
            schemes=",".join(chosen),
        )
    )
    if result.rowcount == 1:
        db.session.add(AuditEvent(application_id=application.id, action="submitted", detail={}))
        db.session.refresh(application)
        # In the same transaction: committed with the submission, or rolled back with it.
        tracks.open_tracks(application)
        calls.on_sent(application)
        followups.on_submitted(application)
    db.session.flush()
    db.session.refresh(application)
    return application


def reference_number(application_id: int, year: int) -> str:
    return f"VV-{year}-{application_id:06d}"


def purge_drafts(older_than_days: int) -> int:
    """Delete drafts not touched for `older_than_days` days; returns how many."""
    cutoff = utcnow() - timedelta(days=older_than_days)
    result = db.session.execute(
        delete(Application).where(
            Application.status == ApplicationStatus.DRAFT, Application.updated_at < cutoff
        )
    )
    return result.rowcount
