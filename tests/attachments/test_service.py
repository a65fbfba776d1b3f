"""The attachments service on SQLite and PostgreSQL: store in chunks, replace, remove, limits."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import tracemalloc

import pytest
from sqlalchemy import func, select

from tests.attachments import samples
from webapp.extensions import db
from webapp.models import Attachment, AttachmentChunk
from webapp.services import attachments, drafts
from webapp.services.attachments import Limits, UploadRefused

MB = 1024 * 1024
SMALL = Limits(max_file=200 * 1024, max_total=300 * 1024, max_unpacked=4 * MB)


@pytest.fixture
def draft(app):
    with app.test_request_context("/en/apply/"):
        application = drafts.create_draft("en")
        db.session.commit()
        yield application


def add(draft, content: bytes, name: str = "file.pdf", kind: str = "business_case", **kwargs):
    return attachments.add_attachment(draft, kind, io.BytesIO(content), name, **kwargs)


def stored_bytes(attachment: Attachment) -> bytes:
    return b"".join(attachments.read_content(attachment))


def chunk_rows(attachment_id: int) -> int:
    return db.session.scalar(
        select(func.count()).where(AttachmentChunk.attachment_id == attachment_id)
    )


def test_a_file_is_stored_in_chunks_and_read_back_whole(draft, monkeypatch):
    monkeypatch.setattr(attachments, "CHUNK_SIZE", 4096)
    attachment = add(draft, samples.DOCX, "Prosjektbegrunnelse.docx")
    db.session.commit()
    assert attachment.file_type == "docx"
    assert attachment.filename == "Prosjektbegrunnelse.docx"
    assert attachment.size == len(samples.DOCX)
    assert attachment.sha256 == hashlib.sha256(samples.DOCX).hexdigest()
    assert attachment.chunk_count == chunk_rows(attachment.id) == -(-len(samples.DOCX) // 4096)
    assert stored_bytes(attachment) == samples.DOCX
    assert draft.answers["attached_kinds"] == ["business_case"]


def test_the_kinds_attached_are_mirrored_into_the_answers(draft):
    first = add(draft, samples.PDF, kind="governance_document")
    add(draft, samples.XLSX, "budget.xlsx", kind="other")
    assert draft.answers["attached_kinds"] == ["governance_document", "other"]
    attachments.remove_attachment(draft, first)
    assert draft.answers["attached_kinds"] == ["other"]


def test_replacing_keeps_the_kind_and_removes_the_old_file(draft):
    old = add(draft, samples.PDF, "v1.pdf", kind="benefits_plan")
    db.session.commit()
    old_id = old.id
    new = add(draft, samples.ODT, "v2.odt", kind="benefits_plan", replaces=old)
    db.session.commit()
    assert [a.filename for a in attachments.attachments_of(draft)] == ["v2.odt"]
    assert new.kind == "benefits_plan"
    assert chunk_rows(old_id) == 0
    assert db.session.get(Attachment, old_id) is None


def test_a_refused_file_stores_nothing_and_says_why(app, draft):
    with app.test_request_context("/nb/apply/"):
        for content, reason in (
            (samples.ELF, UploadRefused.UNKNOWN_TYPE),
            (b"", UploadRefused.EMPTY),
            (samples.docx_bomb(8 * MB), UploadRefused.UNPACKS_TOO_LARGE),
            (bytes(SMALL.max_file + 1), UploadRefused.TOO_LARGE),
        ):
            with pytest.raises(UploadRefused) as refused:
                add(draft, content, "x.pdf", limits=SMALL)
            assert refused.value.reason == reason
            assert refused.value.message()
        assert attachments.attachments_of(draft) == []
        assert db.session.scalar(select(func.count()).select_from(AttachmentChunk)) == 0
        assert "attached_kinds" not in draft.answers


def test_the_total_per_application_is_kept_and_a_replacement_may_use_the_room_it_frees(app, draft):
    limits = Limits(max_file=MB, max_total=len(samples.DOCX) * 2 + 10, max_unpacked=4 * MB)
    first = add(draft, samples.DOCX, limits=limits)
    add(draft, samples.DOCX, kind="other", limits=limits)
    with app.test_request_context("/nn/apply/"), pytest.raises(UploadRefused) as refused:
        add(draft, samples.PDF, limits=limits)
    assert refused.value.reason == UploadRefused.TOTAL_TOO_LARGE
    assert refused.value.room_left == 10
    add(draft, samples.DOCX, "again.docx", replaces=first, limits=limits)
    assert attachments.total_size(draft) == len(samples.DOCX) * 2


def test_another_applications_attachment_is_never_found_or_removed(app, draft):
    other = drafts.create_draft("nb")
    theirs = add(other, samples.PDF)
    db.session.commit()
    assert attachments.find_attachment(draft, theirs.public_id) is None
    assert attachments.find_attachment(other, theirs.public_id) == theirs
    with pytest.raises(ValueError):
        attachments.remove_attachment(draft, theirs)
    with pytest.raises(ValueError):
        add(draft, samples.PDF, replaces=theirs)


def test_deleting_drafts_deletes_their_files(app, draft):
    add(draft, samples.PDF)
    db.session.commit()
    draft.updated_at = draft.updated_at.replace(year=2000)
    db.session.commit()
    assert drafts.purge_drafts(older_than_days=1) == 1
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
    assert db.session.scalar(select(func.count()).select_from(AttachmentChunk)) == 0


def test_storing_a_large_file_never_holds_it_in_memory(draft):
    """A 12 MB upload (as werkzeug spools it, in a temporary file) is stored a chunk at a time."""
    pdf = samples.PDF
    padding = 12 * MB
    with tempfile.TemporaryFile() as spooled:
        # A PDF's body may hold anything; the end-of-file marker stays at the end.
        spooled.write(pdf[:-6] + os.urandom(padding) + pdf[-6:])
        spooled.seek(0)
        tracemalloc.start()
        try:
            attachment = attachments.add_attachment(draft, "other", spooled, "big.pdf")
            db.session.commit()
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert attachment.size > padding
    assert attachment.chunk_count == -(-attachment.size // attachments.CHUNK_SIZE)
    assert peak < 5 * attachments.CHUNK_SIZE, f"peak {peak / MB:.1f} MB while storing"
