"""Database models: applications, their tracks per scheme, attached files, advisors, the audit
trail, and the co-financing calls with each application's place in its call's ranking."""

from __future__ import annotations

import enum
import secrets
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.ext.mutable import MutableDict
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from .extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def without_nul(value: str) -> str:
    """PostgreSQL text cannot hold NUL; the wizard strips it already, this guards every path."""
    return value.replace("\x00", "")


def new_public_id() -> str:
    """An identifier for URLs and cookies that cannot be guessed (256 bits)."""
    return secrets.token_urlsafe(32)


class ApplicationStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    LETTER_READY = "letter_ready"
    CLOSED = "closed"


# The advisor workflow: which status may follow which.
STATUS_TRANSITIONS: dict[ApplicationStatus, tuple[ApplicationStatus, ...]] = {
    ApplicationStatus.DRAFT: (ApplicationStatus.SUBMITTED,),
    ApplicationStatus.SUBMITTED: (ApplicationStatus.IN_REVIEW,),
    ApplicationStatus.IN_REVIEW: (ApplicationStatus.LETTER_READY,),
    ApplicationStatus.LETTER_READY: (ApplicationStatus.CLOSED, ApplicationStatus.IN_REVIEW),
    ApplicationStatus.CLOSED: (ApplicationStatus.IN_REVIEW,),
}

JSONDict = MutableDict.as_mutable(JSON)


class Application(db.Model):
    """One application: a draft while the applicant fills it in, then a case for the advisors."""

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(64), unique=True, default=new_public_id)
    reference: Mapped[str | None] = mapped_column(String(32), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=ApplicationStatus.DRAFT, index=True)
    locale: Mapped[str] = mapped_column(String(5), default="nb")
    ruleset_id: Mapped[str] = mapped_column(String(40))
    # Answers keyed by the data dictionary (DOMAIN.md §5): one JSON document.
    answers: Mapped[dict[str, Any]] = mapped_column(JSONDict, default=dict)
    # The advisor's assessment and letter settings, also a JSON document.
    assessment: Mapped[dict[str, Any]] = mapped_column(JSONDict, default=dict)
    resume_code_hash: Mapped[str | None] = mapped_column(String(255), index=True)
    # The code on the receipt that opens it again from any browser, with the reference.
    receipt_code_hash: Mapped[str | None] = mapped_column(String(255), index=True)
    # Copies of a few answers for the advisors' queue: filtered, searched and sorted in SQL.
    agency_name: Mapped[str | None] = mapped_column(String(300))
    project_title: Mapped[str | None] = mapped_column(String(300))
    ministry: Mapped[str | None] = mapped_column(String(200))
    total_cost: Mapped[int | None] = mapped_column(BigInteger)
    schemes: Mapped[str | None] = mapped_column(String(100))
    assigned_advisor_id: Mapped[int | None] = mapped_column(ForeignKey("advisors.id"))
    # The co-financing call the application was sent in; None while it waits for the next one
    # (sent when no call was open) and for an application to the council alone.
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(index=True)

    assigned_advisor: Mapped[Advisor | None] = relationship()
    call: Mapped[Call | None] = relationship()
    events: Mapped[list[AuditEvent]] = relationship(
        back_populates="application", order_by="AuditEvent.id", cascade="all, delete-orphan"
    )
    # The database deletes the files with the application (ON DELETE CASCADE), also in bulk.
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="application",
        order_by="Attachment.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    # One per scheme the application was sent to, created when it is sent.
    tracks: Mapped[list[Track]] = relationship(
        back_populates="application",
        order_by="Track.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    # For reading only (the receipt loads it with the application, in one query); decisions
    # are made and looked up through services.decisions, which asks the database each time.
    grant_decision: Mapped[GrantDecision | None] = relationship(viewonly=True, uselist=False)

    __table_args__ = (
        Index("ix_applications_status_submitted", "status", "submitted_at"),
        # The queue's ministry filter and its list of ministries both skip drafts.
        Index("ix_applications_ministry_status", "ministry", "status"),
        Index("ix_applications_updated_at", "updated_at"),
    )

    @validates("agency_name", "project_title", "ministry")
    def _text_column(self, key: str, value: str | None) -> str | None:
        return without_nul(value) if isinstance(value, str) else value

    @property
    def scheme_list(self) -> list[str]:
        return [s for s in (self.schemes or "").split(",") if s]

    def track(self, scheme: str) -> Track | None:
        return next((track for track in self.tracks if track.scheme == scheme), None)


class Track(db.Model):
    """Where an application stands in one scheme's own process (services.tracks holds the steps
    and the moves between them): a council case goes through preparation, project review and
    follow-up whatever the project's phase."""

    __tablename__ = "tracks"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    scheme: Mapped[str] = mapped_column(String(20))
    step: Mapped[str] = mapped_column(String(30))
    # The council's meeting with the agency, agreed in preparation.
    meeting_on: Mapped[date | None]
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    application: Mapped[Application] = relationship(back_populates="tracks")

    __table_args__ = (
        UniqueConstraint("application_id", "scheme", name="uq_tracks_application_scheme"),
        # The queue filters on the council's step.
        Index("ix_tracks_scheme_step", "scheme", "step"),
    )


class Attachment(db.Model):
    """A file the applicant attached. Its bytes live in `attachment_chunks`, a row per chunk, so
    neither storing nor serving it needs the whole file in memory."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(64), unique=True, default=new_public_id)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))  # what the document is: services.attachments
    filename: Mapped[str] = mapped_column(String(200))  # cleaned, with the extension of file_type
    file_type: Mapped[str] = mapped_column(String(10))  # read from the content: webapp.filetypes
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    chunk_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    application: Mapped[Application] = relationship(back_populates="attachments")


class AttachmentChunk(db.Model):
    """One piece of an attached file, in order of `position`."""

    __tablename__ = "attachment_chunks"

    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("attachments.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class AdvisorRole(enum.StrEnum):
    """What an advisor may do: a lead advisor also runs calls, sets amounts and sends decisions."""

    ADVISOR = "advisor"
    LEAD = "lead"


class Advisor(UserMixin, db.Model):
    """A person in the secretariat; created from the command line, never by self-registration."""

    __tablename__ = "advisors"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    role: Mapped[str] = mapped_column(
        String(20), default=AdvisorRole.ADVISOR, server_default=AdvisorRole.ADVISOR.value
    )
    # Changing this token ends every session of the advisor (logout, disable, new password).
    session_token: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_hex(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    last_login_at: Mapped[datetime | None]
    # The second factor (TOTP): the secret, set when enrolment starts and confirmed by the first
    # code; and the time step of the last code accepted, so no code is accepted twice.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)

    def get_id(self) -> str:
        # The token is part of the login id, so a changed token invalidates old sessions.
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def is_lead(self) -> bool:
        return self.role == AdvisorRole.LEAD


class RecoveryCode(db.Model):
    """A one-time recovery code for the second factor; only its hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    advisor_id: Mapped[int] = mapped_column(
        ForeignKey("advisors.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    used_at: Mapped[datetime | None]


class AccountEvent(db.Model):
    """What happened to an advisor's account: a login limit reached, the second factor set up."""

    __tablename__ = "account_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    advisor_id: Mapped[int] = mapped_column(
        ForeignKey("advisors.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    advisor: Mapped[Advisor] = relationship()


class AuditEvent(db.Model):
    """Who did what to an application, and when."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    advisor_id: Mapped[int | None] = mapped_column(ForeignKey("advisors.id"))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    application: Mapped[Application] = relationship(back_populates="events")
    advisor: Mapped[Advisor | None] = relationship()


class Call(db.Model):
    """The year's call for co-financing (DOMAIN.md §2): the rule set it runs under, the pot, and
    its dates. The call opens at the start of `opens_on` in Norway; the deadline is a moment,
    stored in UTC like every time here, so it means one instant whatever the clocks do."""

    __tablename__ = "calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    ruleset_id: Mapped[str] = mapped_column(String(40))
    pot: Mapped[int] = mapped_column(BigInteger)  # NOK
    opens_on: Mapped[date]
    deadline_at: Mapped[datetime] = mapped_column(index=True)  # UTC, without tzinfo
    answers_expected_on: Mapped[date | None]
    # The ranking method (rule set weights and points) the stored places were computed with.
    ranked_with: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (CheckConstraint("pot > 0", name="ck_calls_pot_positive"),)

    @validates("ruleset_id")
    def _known_ruleset(self, key: str, value: str) -> str:
        from forms.rulesets import available_rulesets

        if value not in available_rulesets():
            raise ValueError(f"unknown rule set {value!r}")
        return value


class RankingEntry(db.Model):
    """An application's place in its call (trinn 1): the formal requirements the advisor ticks,
    the scores and comments, the figures copied from the answers when it joined the call (so
    the ranking is computed in SQL), the lead advisor's amount and any override of the rank.

    `proposed_amount` is the amount the ranking proposes to grant: it starts as the amount
    requested (never above the rule set's ceiling) and only a lead advisor changes it."""

    __tablename__ = "ranking_entries"

    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True
    )
    # NPV per invested krone (DOMAIN.md §6), rounded to six decimals; None when nothing is invested.
    npv_per_krone: Mapped[Decimal | None] = mapped_column(Numeric(14, 6))
    requested_amount: Mapped[int | None] = mapped_column(BigInteger)
    grant_ceiling: Mapped[int | None] = mapped_column(BigInteger)
    proposed_amount: Mapped[int | None] = mapped_column(BigInteger)
    # The formal requirements, prefilled from the answers and ticked by an advisor.
    eligible_applicant: Mapped[bool] = mapped_column(default=False)
    cost_band: Mapped[bool] = mapped_column(default=False)
    phase: Mapped[bool] = mapped_column(default=False)
    attachments: Mapped[bool] = mapped_column(default=False)
    ks_statement_needed: Mapped[bool] = mapped_column(default=False)
    ks_statement: Mapped[bool] = mapped_column(default=False)
    requirements_checked: Mapped[bool] = mapped_column(default=False)
    # The advisor's scores (services.ranking.SCORE_SCALE) with a comment each.
    benefits_score: Mapped[int | None] = mapped_column(SmallInteger)
    benefits_comment: Mapped[str | None] = mapped_column(Text)
    gains_score: Mapped[int | None] = mapped_column(SmallInteger)
    gains_comment: Mapped[str | None] = mapped_column(Text)
    maturity_score: Mapped[int | None] = mapped_column(SmallInteger)
    maturity_comment: Mapped[str | None] = mapped_column(Text)
    # The lead advisor may place the application elsewhere than its weighted rank, with a reason.
    rank_override: Mapped[int | None]
    override_reason: Mapped[str | None] = mapped_column(Text)
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("advisors.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Where the ranking puts the application, stored by services.ranking.refresh() in the
    # transaction of every change to the call's entries, so pages read them instead of
    # ranking 10 000 rows per request. `counted`: meets every formal requirement, so its
    # amount counts towards the pot; `cumulative`: the amounts counted up to this place.
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id"))
    weighted: Mapped[int] = mapped_column(default=0)
    weighted_rank: Mapped[int | None]
    place: Mapped[int | None]
    cumulative: Mapped[int] = mapped_column(BigInteger, default=0)
    counted: Mapped[bool] = mapped_column(default=False)

    application: Mapped[Application] = relationship()
    assessed_by: Mapped[Advisor | None] = relationship()

    __table_args__ = (Index("ix_ranking_entries_call_place", "call_id", "place"),)

    @property
    def requirements_met(self) -> bool:
        return (
            self.eligible_applicant
            and self.cost_band
            and self.phase
            and self.attachments
            and (self.ks_statement or not self.ks_statement_needed)
        )


class GrantDecision(db.Model):
    """The lead advisor's decision on a co-financing application (DOMAIN.md §2, trinn 1 and 2):
    a preliminary grant with its amount, conditions and the deadline for the benefits
    realisation plan, or a rejection with its reasons; then the plan, and the final grant.

    While `sent_at` is None the decision is a draft the lead advisor may change; once sent, its
    letter is what the applicant received and nothing in it changes. The same holds for the
    final grant and `final_sent_at`."""

    __tablename__ = "grant_decisions"

    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True
    )
    outcome: Mapped[str] = mapped_column(String(20))  # services.decisions.GRANT / REJECTION
    amount: Mapped[int | None] = mapped_column(BigInteger)
    conditions: Mapped[str | None] = mapped_column(Text)
    plan_due_on: Mapped[date | None]
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    reasons_text: Mapped[str | None] = mapped_column(Text)
    letter_language: Mapped[str] = mapped_column(String(5), default="nb")
    case_number: Mapped[str | None] = mapped_column(String(20))
    letter_date: Mapped[date | None]
    case_officer_id: Mapped[int | None] = mapped_column(ForeignKey("advisors.id"))
    sent_at: Mapped[datetime | None]
    # The benefits realisation plan: received, changes asked for, or approved.
    plan_status: Mapped[str | None] = mapped_column(String(20))
    plan_message: Mapped[str | None] = mapped_column(Text)
    plan_attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachments.id", ondelete="SET NULL")
    )
    final_amount: Mapped[int | None] = mapped_column(BigInteger)
    final_letter_date: Mapped[date | None]
    final_sent_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    application: Mapped[Application] = relationship()
    case_officer: Mapped[Advisor | None] = relationship()
    plan_attachment: Mapped[Attachment | None] = relationship()
