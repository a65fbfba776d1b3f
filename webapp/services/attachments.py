"""Attached files: check and store one, remove one, list them, and serve one.

Every upload goes through `add_attachment`, whatever page takes it: the size limits, the type
read from the content (webapp.filetypes), the zip-bomb ceiling, a clean name, and storage in
the database as a row per chunk, written one chunk at a time. `attachment_response` streams it
back the same way. The verbs flush; the request commits.

    attachment = attachments.add_attachment(application, "business_case", upload.stream,
                                            upload.filename)
    ... db.session.commit()
    return attachments.attachment_response(attachment)   # advisors only: the view's guard
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from flask import Response, current_app, stream_with_context
from flask_babel import get_locale, gettext
from sqlalchemy import delete, func, insert, select

from forms import formatting
from forms.attachments import ATTACHED_KINDS_KEY, ATTACHMENT_KINDS

from .. import filetypes
from ..extensions import db
from ..models import Application, Attachment, AttachmentChunk, utcnow
from .documents import content_disposition

CHUNK_SIZE = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_file: int
    max_total: int
    max_unpacked: int

    @classmethod
    def from_config(cls) -> Limits:
        config = current_app.config
        return cls(
            max_file=config["VEIVISER_ATTACHMENT_MAX_FILE_BYTES"],
            max_total=config["VEIVISER_ATTACHMENT_MAX_TOTAL_BYTES"],
            max_unpacked=config["VEIVISER_ATTACHMENT_MAX_UNPACKED_BYTES"],
        )


class UploadRefused(Exception):
    """The file was not stored; `message()` says why, in the page's language."""

    NO_FILE = "no_file"
    TOO_LARGE = "too_large"
    TOTAL_TOO_LARGE = "total_too_large"
    EMPTY = filetypes.FileRefused.EMPTY
    UNKNOWN_TYPE = filetypes.FileRefused.UNKNOWN_TYPE
    DAMAGED = filetypes.FileRefused.DAMAGED
    UNPACKS_TOO_LARGE = filetypes.FileRefused.UNPACKS_TOO_LARGE

    def __init__(self, reason: str, limits: Limits, room_left: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.limits = limits
        self.room_left = room_left

    def message(self) -> str:
        size = file_size_label
        if self.reason == self.NO_FILE:
            return gettext("Choose a file to attach.")
        if self.reason == self.TOO_LARGE:
            return gettext(
                "The file is larger than %(limit)s. Make it smaller, or split it into parts.",
                limit=size(self.limits.max_file),
            )
        if self.reason == self.TOTAL_TOO_LARGE:
            return gettext(
                "The attachments may be at most %(limit)s in all, and there is room for "
                "%(left)s more. Remove or replace a file first.",
                limit=size(self.limits.max_total),
                left=size(max(0, self.room_left or 0)),
            )
        if self.reason == self.EMPTY:
            return gettext("The file is empty.")
        if self.reason == self.UNPACKS_TOO_LARGE:
            return gettext(
                "The file unpacks to more than %(limit)s, which we cannot accept. "
                "Save it again from the program that made it, or send it as PDF.",
                limit=size(self.limits.max_unpacked),
            )
        if self.reason == self.DAMAGED:
            return gettext(
                "The file seems to be damaged or protected by a password. "
                "Save it again and attach the new copy."
            )
        return gettext(
            "The file must be a PDF, Word (DOCX), OpenDocument text (ODT) or Excel (XLSX) "
            "document. We check the content, not the name."
        )


def file_size_label(size: int) -> str:
    return formatting.format_file_size(size, str(get_locale() or "nb"), gettext)


def kind_label(kind: str) -> str:
    return gettext(ATTACHMENT_KINDS[kind]) if kind in ATTACHMENT_KINDS else kind


# --- the verbs -----------------------------------------------------------------------------


def add_attachment(
    application: Application,
    kind: str,
    file: BinaryIO | None,
    filename: str,
    *,
    replaces: Attachment | None = None,
    limits: Limits | None = None,
) -> Attachment:
    """Check `file` (seekable, e.g. werkzeug's upload stream) and store it as `kind`; with
    `replaces`, the new file takes that one's place. Raises UploadRefused, storing nothing."""
    if kind not in ATTACHMENT_KINDS:
        raise ValueError(f"unknown attachment kind {kind!r}")
    if replaces is not None and replaces.application_id != application.id:
        raise ValueError("an attachment can only replace one of the same application")
    limits = limits or Limits.from_config()
    if file is None:
        raise UploadRefused(UploadRefused.NO_FILE, limits)
    size = file.seek(0, 2)
    file.seek(0)
    if size > limits.max_file:
        raise UploadRefused(UploadRefused.TOO_LARGE, limits)
    _lock(application)
    _check_room(application, size, replaces, limits)
    try:
        file_type = filetypes.identify(file, limits.max_unpacked)
    except filetypes.FileRefused as refused:
        raise UploadRefused(refused.reason, limits) from None
    attachment = Attachment(
        application_id=application.id,
        kind=kind,
        filename=filetypes.safe_filename(filename, file_type, _fallback_name(kind)),
        file_type=file_type.code,
        size=0,
        sha256="",
        created_at=utcnow(),
    )
    db.session.add(attachment)
    db.session.flush()
    _store_chunks(attachment, file)
    if attachment.size != size:  # the upload changed under us: never keep half a file
        raise RuntimeError("the upload's size changed while it was stored")
    try:
        _check_room(application, 0, replaces, limits)  # again, now that this one is written
    except UploadRefused:
        _delete(attachment)
        db.session.flush()
        raise
    if replaces is not None:
        _delete(replaces)
    _mirror_kinds(application)
    db.session.flush()
    return attachment


def remove_attachment(application: Application, attachment: Attachment) -> None:
    if attachment.application_id != application.id:
        raise ValueError("the attachment belongs to another application")
    _delete(attachment)
    _mirror_kinds(application)
    db.session.flush()


def find_attachment(application: Application, public_id: str | None) -> Attachment | None:
    """One of this application's attachments, or None (another application's counts as none)."""
    if not public_id:
        return None
    return db.session.scalar(
        select(Attachment).where(
            Attachment.application_id == application.id, Attachment.public_id == public_id
        )
    )


def attachments_of(
    application: Application, kinds: Iterable[str] | None = None
) -> list[Attachment]:
    """The application's attachments, oldest first; only those of `kinds` when given."""
    query = select(Attachment).where(Attachment.application_id == application.id)
    if kinds is not None:
        query = query.where(Attachment.kind.in_(list(kinds)))
    return list(db.session.scalars(query.order_by(Attachment.id)))


def total_size(application: Application) -> int:
    return db.session.scalar(
        select(func.coalesce(func.sum(Attachment.size), 0)).where(
            Attachment.application_id == application.id
        )
    )


def read_content(attachment: Attachment) -> Iterator[bytes]:
    """The file's bytes, a chunk at a time, on a connection of its own (the response is sent
    after the view returns)."""
    attachment_id, count = attachment.id, attachment.chunk_count
    with db.engine.connect() as connection:
        for position in range(count):
            data = connection.scalar(
                select(AttachmentChunk.data).where(
                    AttachmentChunk.attachment_id == attachment_id,
                    AttachmentChunk.position == position,
                )
            )
            if data is None:
                raise LookupError(f"attachment {attachment_id} lacks chunk {position}")
            yield bytes(data)


def attachment_response(attachment: Attachment) -> Response:
    """A download: streamed, with its real type, a safe name, never cached or sniffed."""
    file_type = filetypes.BY_CODE[attachment.file_type]
    response = Response(stream_with_context(read_content(attachment)), mimetype=file_type.mimetype)
    response.headers["Content-Length"] = str(attachment.size)
    response.headers["Content-Disposition"] = content_disposition(
        attachment.filename, attachment.filename
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# --- inside --------------------------------------------------------------------------------


def _fallback_name(kind: str) -> str:
    return "vedlegg-" + kind.replace("_", "-")


def _lock(application: Application) -> None:
    # Two uploads at once must not both fit under the total: PostgreSQL locks the row; SQLite
    # has one writer at a time, and `_check_room` runs again once this transaction writes.
    db.session.execute(
        select(Application.id).where(Application.id == application.id).with_for_update()
    )


def _check_room(
    application: Application, size: int, replaces: Attachment | None, limits: Limits
) -> None:
    used = total_size(application) - (replaces.size if replaces is not None else 0)
    if used + size > limits.max_total:
        raise UploadRefused(
            UploadRefused.TOTAL_TOO_LARGE, limits, room_left=limits.max_total - used
        )


def _store_chunks(attachment: Attachment, file: BinaryIO) -> None:
    digest = hashlib.sha256()
    size = position = 0
    file.seek(0)
    while chunk := file.read(CHUNK_SIZE):
        digest.update(chunk)
        size += len(chunk)
        db.session.execute(
            insert(AttachmentChunk).values(
                attachment_id=attachment.id, position=position, data=chunk
            )
        )
        position += 1
    attachment.size, attachment.chunk_count, attachment.sha256 = size, position, digest.hexdigest()


def _delete(attachment: Attachment) -> None:
    db.session.execute(
        delete(AttachmentChunk).where(AttachmentChunk.attachment_id == attachment.id)
    )
    db.session.delete(attachment)


def _mirror_kinds(application: Application) -> None:
    db.session.flush()
    kinds = sorted(
        set(
            db.session.scalars(
                select(Attachment.kind).where(Attachment.application_id == application.id)
            )
        )
    )
    answers = dict(application.answers or {})
    if kinds:
        answers[ATTACHED_KINDS_KEY] = kinds
    else:
        answers.pop(ATTACHED_KINDS_KEY, None)
    application.answers = answers
    application.updated_at = utcnow()
