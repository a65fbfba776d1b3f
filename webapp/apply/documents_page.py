"""What the documents step shows: a section per kind of document wanted, with its files."""

from __future__ import annotations

from typing import Any

from flask import session
from flask_babel import gettext

from forms import flow
from forms.attachments import ATTACHMENT_KINDS, required_kinds, wanted_kinds
from forms.rulesets import RuleSet

from .. import filetypes
from ..models import Application
from ..services import attachments
from ..services.attachments import Limits

STEP_ID = "attachments"
ERROR_KEY, NOTICE_KEY = "attachment_error", "attachment_notice"
ACCEPT = ",".join([".pdf", ".docx", ".odt", ".xlsx"] + [t.mimetype for t in filetypes.ACCEPTED])


def file_input_id(kind: str, replaces: str | None = None) -> str:
    return f"replace-{replaces}" if replaces else f"file-{kind}"


def page_context(draft: Application, ruleset: RuleSet) -> dict[str, Any]:
    """What the documents page shows: a section per kind wanted, its files, and the room left."""
    answers = draft.answers or {}
    chosen = flow.chosen_schemes(answers, ruleset)
    required = required_kinds(answers, ruleset, chosen)
    files = attachments.attachments_of(draft)
    limits = Limits.from_config()
    used = sum(file.size for file in files)
    sections = [
        {
            "kind": kind,
            "label": gettext(ATTACHMENT_KINDS[kind]),
            "required": kind in required,
            "files": [file for file in files if file.kind == kind],
        }
        for kind in wanted_kinds(answers, ruleset, chosen)
    ]
    return {
        "sections": sections,
        "limits": limits,
        "used": used,
        "accept": ACCEPT,
        "file_input_id": file_input_id,
        "upload_error": session.pop(ERROR_KEY, None),
        "upload_notice": session.pop(NOTICE_KEY, None),
    }
