"""Archive copies, kept in the database like the attachments (app servers keep no files)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, func
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models import utcnow


class ArchiveCopy(db.Model):
    """The PDF/A-2b of one document of an application, made from the DOCX with `source_sha256`.
    A document that changes (a rewritten letter) gets a new copy; the newest is offered."""

    __tablename__ = "archive_copies"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    document: Mapped[str] = mapped_column(String(60))  # e.g. "application-cofinancing"
    filename: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(400))
    source_sha256: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # not for the page
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    __table_args__ = (
        Index("ix_archive_copies_application_document", "application_id", "document"),
    )
