"""The advisors' queue: every sent application, filtered, searched, sorted and paged in SQL.

A page costs two statements (a count and the rows) on the queue columns the model copies out
of the answers, plus one for the ministries present; the answers JSON is never loaded here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import String, event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from forms.cleaning import strip_control_characters
from forms.ministries import MINISTRIES
from forms.rulesets import CHOOSABLE_SCHEMES

from ..extensions import db
from ..models import Application, ApplicationStatus, Track

PER_PAGE = 50
MAX_SEARCH_LENGTH = 200
QUEUE_STATUSES = tuple(status for status in ApplicationStatus if status != ApplicationStatus.DRAFT)
QUEUE_SCHEMES = CHOOSABLE_SCHEMES
SORT_COLUMNS: dict[str, Any] = {
    "submitted": Application.submitted_at,
    "total-cost": Application.total_cost,
    "agency": Application.agency_name,
    "reference": Application.reference,
}
# The direction a column sorts in when its header is first chosen: newest and largest first.
FIRST_DIRECTION = {"submitted": "desc", "total-cost": "desc", "agency": "asc", "reference": "asc"}


class casefold(FunctionElement):
    """lower(), for any letter: SQLite's own lower() leaves Æ, Ø and Å as they are."""

    type = String()
    inherit_cache = True


@compiles(casefold)
def _compile_casefold(element: casefold, compiler: Any, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(casefold, "sqlite")
def _compile_casefold_sqlite(element: casefold, compiler: Any, **kw: Any) -> str:
    return f"veiviser_lower({compiler.process(element.clauses, **kw)})"


def _python_lower(value: str | None) -> str | None:
    return value.lower() if isinstance(value, str) else value


@event.listens_for(Engine, "connect")
def _add_sqlite_lower(dbapi_connection: Any, connection_record: Any) -> None:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        dbapi_connection.create_function("veiviser_lower", 1, _python_lower, deterministic=True)


@dataclass(frozen=True)
class QueueQuery:
    """What the advisor asked the queue for; built from the query string, always valid."""

    status: str = ""
    scheme: str = ""
    ministry: str = ""
    search: str = ""
    sort: str = "submitted"
    direction: str = "desc"
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> QueueQuery:
        """Read the query string; anything unknown falls back to the default, never an error."""
        status = args.get("status", "")
        scheme = args.get("scheme", "")
        sort = args.get("sort", cls.sort)
        sort = sort if sort in SORT_COLUMNS else cls.sort
        direction = args.get("direction", "")
        if direction not in ("asc", "desc"):
            direction = FIRST_DIRECTION[sort]
        page = str(args.get("page", ""))
        ministry = args.get("ministry", "").strip()
        # Control characters never match a column, and PostgreSQL refuses a NUL in a query.
        search = strip_control_characters(args.get("q", ""))
        return cls(
            status=status if status in QUEUE_STATUSES else "",
            scheme=scheme if scheme in QUEUE_SCHEMES else "",
            ministry=ministry if ministry in MINISTRIES else "",
            search=" ".join(search.split())[:MAX_SEARCH_LENGTH],
            sort=sort,
            direction=direction,
            page=max(1, int(page)) if page.isascii() and page.isdigit() and len(page) <= 6 else 1,
        )

    def to_args(self, **changes: Any) -> dict[str, str | int]:
        """Query-string arguments for a link to this query with `changes`, defaults left out."""
        query = replace(self, **changes)
        args: dict[str, str | int] = {
            "q": query.search,
            "status": query.status,
            "scheme": query.scheme,
            "ministry": query.ministry,
        }
        if query.sort != QueueQuery.sort or query.direction != QueueQuery.direction:
            args.update(sort=query.sort, direction=query.direction)
        if query.page != 1:
            args["page"] = query.page
        return {name: value for name, value in args.items() if value}

    def sorted_by(self, column: str) -> dict[str, str | int]:
        """Arguments for a column header link: flip the direction, or start with the first."""
        if column == self.sort:
            direction = "asc" if self.direction == "desc" else "desc"
        else:
            direction = FIRST_DIRECTION[column]
        return self.to_args(sort=column, direction=direction, page=1)

    @property
    def is_filtered(self) -> bool:
        return bool(self.status or self.scheme or self.ministry or self.search)


@dataclass(frozen=True)
class QueueRow:
    reference: str
    agency_name: str | None
    project_title: str | None
    total_cost: int | None
    schemes: tuple[str, ...]
    ruleset_id: str
    status: str
    submitted_at: datetime | None
    council_step: str | None = None  # where the council case stands, if it went there


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def first_number(self) -> int:
        """The position of the first row on this page among all matches (1-based)."""
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def last_number(self) -> int:
        return self.first_number + len(self.rows) - 1 if self.rows else 0

    def page_numbers(self, around: int = 2) -> list[int | None]:
        """Links for the pager: the first, the last and a few around this page; None is a gap."""
        wanted = {1, self.pages, *range(self.page - around, self.page + around + 1)}
        numbers: list[int | None] = []
        for number in sorted(n for n in wanted if 1 <= n <= self.pages):
            if numbers and number - (numbers[-1] or 0) > 1:
                numbers.append(None)
            numbers.append(number)
        return numbers


def _conditions(query: QueueQuery) -> list[ColumnElement[bool]]:
    conditions = [Application.status != ApplicationStatus.DRAFT]
    if query.status:
        conditions.append(Application.status == query.status)
    if query.scheme:
        # schemes holds "cofinancing,council": match a whole item, not a part of one.
        padded = "," + func.coalesce(Application.schemes, "") + ","
        conditions.append(padded.contains(f",{query.scheme},", autoescape=True))
    if query.ministry:
        conditions.append(Application.ministry == query.ministry)
    if query.search:
        term = query.search.lower()
        conditions.append(
            casefold(Application.agency_name).contains(term, autoescape=True)
            | casefold(Application.project_title).contains(term, autoescape=True)
            | casefold(Application.reference).contains(term, autoescape=True)
        )
    return conditions


def list_queue(query: QueueQuery, per_page: int = PER_PAGE) -> QueuePage:
    """One page of the queue; a page past the end shows the last page."""
    conditions = _conditions(query)
    total = db.session.scalar(select(func.count()).select_from(Application).where(*conditions))
    pages = max(1, math.ceil(total / per_page))
    page = min(query.page, pages)
    column = SORT_COLUMNS[query.sort]
    order = column.asc() if query.direction == "asc" else column.desc()
    tiebreak = Application.id.asc() if query.direction == "asc" else Application.id.desc()
    statement = (
        select(
            Application.reference,
            Application.agency_name,
            Application.project_title,
            Application.total_cost,
            Application.schemes,
            Application.ruleset_id,
            Application.status,
            Application.submitted_at,
            Track.step.label("council_step"),
        )
        .outerjoin(Track, (Track.application_id == Application.id) & (Track.scheme == "council"))
        .where(*conditions)
        .order_by(order.nulls_last(), tiebreak)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    rows = [
        QueueRow(
            reference=row.reference,
            agency_name=row.agency_name,
            project_title=row.project_title,
            total_cost=row.total_cost,
            schemes=tuple(s for s in (row.schemes or "").split(",") if s),
            ruleset_id=row.ruleset_id,
            status=row.status,
            submitted_at=row.submitted_at,
            council_step=row.council_step,
        )
        for row in db.session.execute(statement)
    ]
    return QueuePage(rows=rows, total=total, page=page, per_page=per_page)


def find_application(reference: str) -> Application | None:
    """The sent application with this reference; drafts are not the advisors' business."""
    return db.session.scalar(
        select(Application).where(
            Application.reference == reference, Application.status != ApplicationStatus.DRAFT
        )
    )
