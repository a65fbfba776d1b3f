"""After the grant: the agency's reporting link, its benefit plan, and the reports it files.

The figures a portfolio sums (targets, spending, realised values) are columns and rows, not
JSON, so the advisors' portfolio adds them up in SQL over hundreds of projects.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models import Advisor, Application, utcnow


class ReportingLink(db.Model):
    """The secret link an agency reports through. Only the SHA-256 of its token is kept: the
    token itself is in the mail and nowhere else. A replaced or revoked link stops working."""

    __tablename__ = "reporting_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Who gets the link and the reminders: the contact and the agency head.
    recipients: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("advisors.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    application: Mapped[Application] = relationship()
    created_by: Mapped[Advisor | None] = relationship()

    __table_args__ = (
        # One working link per project, whatever two advisors click at the same moment.
        Index(
            "uq_reporting_links_one_active",
            "application_id",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )


class Benefit(db.Model):
    """One benefit in the project's plan: who owns it, how it is measured, where it starts,
    and (in `targets`) the value in kroner it should reach each year."""

    __tablename__ = "benefits"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(SmallInteger)
    # The year-table column it came from (forms.yearly.BENEFIT_COLUMNS).
    kind: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str] = mapped_column(String(200), default="")
    indicator: Mapped[str] = mapped_column(Text, default="")
    baseline: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    targets: Mapped[list[BenefitTarget]] = relationship(
        back_populates="benefit",
        order_by="BenefitTarget.year",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (
        UniqueConstraint("application_id", "position", name="uq_benefits_application_position"),
    )

    def target(self, year: int) -> int | None:
        return next((t.amount for t in self.targets if t.year == year), None)


class BenefitTarget(db.Model):
    """A benefit's target for one calendar year, in kroner."""

    __tablename__ = "benefit_targets"

    benefit_id: Mapped[int] = mapped_column(
        ForeignKey("benefits.id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    amount: Mapped[int] = mapped_column(BigInteger)

    benefit: Mapped[Benefit] = relationship(back_populates="targets")


class Report(db.Model):
    """A report the agency files: the annual report on `year`, the forecast for `year`, or the
    final report. A draft while `submitted_at` is None; read-only once submitted."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # services.reports.ANNUAL / FORECAST / FINAL
    year: Mapped[int] = mapped_column(SmallInteger)
    # Spent in the year (annual, final) or expected to be spent in it (forecast), in kroner.
    spent: Mapped[int | None] = mapped_column(BigInteger)
    # The texts of the report: deviations, what external owners report, comments.
    texts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None]

    realised: Mapped[list[RealisedBenefit]] = relationship(
        back_populates="report", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        UniqueConstraint("application_id", "kind", "year", name="uq_reports_application_kind"),
        Index("ix_reports_submitted", "submitted_at"),
    )

    def realised_value(self, benefit_id: int) -> int | None:
        return next((r.amount for r in self.realised if r.benefit_id == benefit_id), None)


class RealisedBenefit(db.Model):
    """What a benefit realised in the report's year, in kroner, with the agency's comment."""

    __tablename__ = "realised_benefits"

    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    benefit_id: Mapped[int] = mapped_column(
        ForeignKey("benefits.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    # None: the agency commented on the benefit without giving a value for the year.
    amount: Mapped[int | None] = mapped_column(BigInteger)
    comment: Mapped[str] = mapped_column(Text, default="")

    report: Mapped[Report] = relationship(back_populates="realised")
