"""URL converters: every route parameter is typed, so a malformed URL is a plain 404."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import BaseConverter, ValidationError

from forms.flow import STEPS
from forms.rulesets import CHOOSABLE_SCHEMES
from letter_templates import APPENDIX_NUMBERS


class StepConverter(BaseConverter):
    """A wizard step id, as listed in `forms.flow.STEPS`."""

    regex = "|".join(step.id for step in STEPS)


class SchemeConverter(BaseConverter):
    """A scheme an applicant can apply to (the rule sets' one list of them)."""

    regex = "|".join(CHOOSABLE_SCHEMES)


class AppendixConverter(BaseConverter):
    """The number of an appendix the documents know (Vedlegg 1, Vedlegg 2)."""

    regex = "|".join(APPENDIX_NUMBERS)


class ArchivedConverter(BaseConverter):
    """A document the archive keeps PDF/A copies of (`services.archive.ARCHIVED`)."""

    regex = r"[a-z0-9-]{1,40}"

    def to_python(self, value: str) -> str:
        # Read at match time: the archive's list grows with the documents, the routes need not.
        from .services.archive import ARCHIVED

        if value not in ARCHIVED:
            raise ValidationError
        return value


class TokenConverter(BaseConverter):
    """An unguessable public id (secrets.token_urlsafe(32): 43 URL-safe characters)."""

    regex = r"[A-Za-z0-9_-]{43}"


class ReportKindConverter(BaseConverter):
    """A kind of report a granted project files (`services.reports.KINDS`)."""

    regex = "annual|forecast|final"


class ReferenceConverter(BaseConverter):
    """An application reference such as VV-2026-000123."""

    regex = r"VV-\d{4}-\d{6,}"


class DecisionLetterConverter(BaseConverter):
    """A decision letter on a co-financing application (`services.documents.DECISION_LETTERS`)."""

    regex = r"[a-z-]{1,30}"

    def to_python(self, value: str) -> str:
        from .services.documents import DECISION_LETTERS

        if value not in DECISION_LETTERS:
            raise ValidationError
        return value


def init_app(app: Flask) -> None:
    app.url_map.converters.update(
        step=StepConverter,
        scheme=SchemeConverter,
        appendix=AppendixConverter,
        archived=ArchivedConverter,
        letter=DecisionLetterConverter,
        token=TokenConverter,
        reference=ReferenceConverter,
        report_kind=ReportKindConverter,
    )
