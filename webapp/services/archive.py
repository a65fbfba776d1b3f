"""Archive copies (PDF/A-2b) of an application's documents, made by a job, never in a request.

    archive.queue_application_copies(application)        # on submission, one per scheme
    archive.queue_archive_copy(application, "advice-letter", version=...)   # when a letter is sent

Like the mail verbs, these flush and the caller commits. The job rebuilds the DOCX (the
documents are deterministic), converts it with LibreOffice and stores the PDF beside it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import select

from ..archive.models import ArchiveCopy
from ..archive.pdfa import ConversionError, convert_docx_to_pdfa
from ..extensions import db
from ..jobs import outbox
from ..jobs.models import Job
from ..jobs.runner import JobError, handler
from ..models import Application
from . import appendices, documents

PDFA = "pdfa"  # the outbox's job kind
PDF_MIMETYPE = "application/pdf"


@dataclass(frozen=True)
class ArchivedDocument:
    name: str  # English msgid
    build: Callable[[Application], documents.DocumentFile]
    applies: Callable[[Application], bool]


def _application(scheme: str) -> ArchivedDocument:
    return ArchivedDocument(
        name=documents.APPLICATION_KINDS[scheme].name,
        build=lambda application: documents.application_document(application, scheme),
        applies=lambda application: scheme in application.scheme_list,
    )


def _appendix(number: str) -> ArchivedDocument:
    # Vedlegg 1 and 2 belong to a co-financing application with figures; the archive keeps
    # them beside the application they were sent with.
    return ArchivedDocument(
        name=documents.APPENDIX_KINDS[number].name,
        build=lambda application: appendices.appendix_document(application, number),
        applies=appendices.has_appendices,
    )


def _decision_letter(key: str) -> ArchivedDocument:
    # A decision letter is archived once it is sent; it cannot change after that.
    return ArchivedDocument(
        name=documents.DECISION_LETTERS[key].name,
        build=lambda application: documents.decision_letter(application, key),
        applies=lambda application: "cofinancing" in application.scheme_list,
    )


# Document key → how to build it. Add a document here and it can be archived.
ARCHIVED: dict[str, ArchivedDocument] = {
    "application-cofinancing": _application("cofinancing"),
    "application-council": _application("council"),
    **{f"appendix-{number}": _appendix(number) for number in documents.APPENDIX_KINDS},
    "advice-letter": ArchivedDocument(
        documents.ADVICE_LETTER.name, documents.advice_letter, lambda application: True
    ),
    **{key: _decision_letter(key) for key in documents.DECISION_LETTERS},
}
# What is archived when an application is sent: the applications and their appendices.
APPLICATION_DOCUMENTS = tuple(
    key for key in ARCHIVED if key != "advice-letter" and key not in documents.DECISION_LETTERS
)


def queue_archive_copy(application: Application, document: str, version: str = "sent") -> bool:
    """Queue the PDF/A copy of `document`; `version` tells one sending of it from the next
    (the same version is made once). False when it is queued already or does not apply."""
    if not ARCHIVED[document].applies(application):
        return False
    return outbox.add(
        PDFA,
        f"{application.reference}:{document}:{version}",
        {"document": document},
        application_id=application.id,
    )


def queue_application_copies(application: Application) -> int:
    return sum(queue_archive_copy(application, key) for key in APPLICATION_DOCUMENTS)


def letter_version(application: Application) -> str:
    """A short fingerprint of the letter as written, so a rewritten letter is archived again."""
    text = json.dumps(application.assessment or {}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def latest_copies(application: Application) -> dict[str, ArchiveCopy]:
    """The newest archive copy of each document, without loading the PDFs."""
    rows = db.session.execute(
        select(ArchiveCopy.id, ArchiveCopy.document)
        .where(ArchiveCopy.application_id == application.id)
        .order_by(ArchiveCopy.id)
    ).all()
    newest = {document: copy_id for copy_id, document in rows}
    return {document: db.session.get(ArchiveCopy, copy_id) for document, copy_id in newest.items()}


def latest_copy(application: Application, document: str) -> ArchiveCopy | None:
    return db.session.scalar(
        select(ArchiveCopy)
        .where(ArchiveCopy.application_id == application.id, ArchiveCopy.document == document)
        .order_by(ArchiveCopy.id.desc())
        .limit(1)
    )


def copy_file(copy: ArchiveCopy) -> documents.DocumentFile:
    return documents.DocumentFile(
        filename=copy.filename,
        content=copy.content,
        mimetype=PDF_MIMETYPE,
        title=copy.title,
        download_name=copy.filename,
    )


# --- the worker's side ----------------------------------------------------------------------


@handler(PDFA)
def make_archive_copy(job: Job) -> Mapping[str, Any]:
    application = db.session.get(Application, job.application_id)
    document = job.payload["document"]
    if application is None or document not in ARCHIVED:
        raise JobError(f"nothing to archive for {job.event}")
    source = ARCHIVED[document].build(application)
    config = current_app.config
    try:
        pdf = convert_docx_to_pdfa(
            source.content,
            soffice=config["VEIVISER_SOFFICE"],
            timeout=config["VEIVISER_PDF_TIMEOUT_SECONDS"],
        )
    except ConversionError as error:
        raise JobError(str(error)) from None
    db.session.add(
        ArchiveCopy(
            application_id=application.id,
            document=document,
            filename=source.filename.removesuffix(".docx") + ".pdf",
            title=source.title,
            source_sha256=hashlib.sha256(source.content).hexdigest(),
            sha256=hashlib.sha256(pdf).hexdigest(),
            content=pdf,
        )
    )
    # Committed by the runner together with the job's "done": both or neither.
    return {"document": document, "title": source.title}
