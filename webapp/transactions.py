"""One transaction per request: services flush, the view (or the CLI command) commits once.

Services change rows and flush; they never commit. The view that called them commits once,
after its last change, so everything a request does (the change, its audit row, the mail and
archive jobs it queues) lands together or not at all, and a service can tell its caller what
this call did without having made it final.

This module holds the views to that. At the end of a request that answered with success, writes
left uncommitted (they would be rolled back silently) or a second commit that carried writes
are a programming error: raised where ``VEIVISER_STRICT_TRANSACTIONS`` is on (the tests),
logged elsewhere. Error answers (4xx, 5xx) may leave writes behind: they are rolled back.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, current_app, has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from .extensions import db

logger = logging.getLogger("veiviser.transactions")

# Kept in the request's WSGI environ: the request object is per request even where a test
# shares one app context (and so one session) across several requests.
PENDING = "veiviser.uncommitted_writes"
COMMITS = "veiviser.commits_with_writes"


class TransactionMisuse(RuntimeError):
    """A view left writes uncommitted, or committed twice."""


def init_app(app: Flask) -> None:
    app.config.setdefault("VEIVISER_STRICT_TRANSACTIONS", app.testing)
    if not event.contains(db.session, "after_flush", _wrote):
        event.listen(db.session, "after_flush", _wrote)
        event.listen(db.session, "do_orm_execute", _executed)
        event.listen(db.session, "after_commit", _committed)
        event.listen(db.session, "after_rollback", _rolled_back)
    app.after_request(_check_the_request)


def _wrote(session: Session, flush_context: Any) -> None:
    if has_request_context():
        request.environ[PENDING] = True


def _executed(state: ORMExecuteState) -> Any:
    # UPDATE and DELETE statements (conditional updates) write without a flush; one that
    # matched no row (the race was lost) wrote nothing and needs no commit.
    if not (state.is_update or state.is_delete or state.is_insert) or not has_request_context():
        return None
    result = state.invoke_statement()
    if getattr(result, "rowcount", 1) != 0:
        request.environ[PENDING] = True
    return result


def _committed(session: Session) -> None:
    if has_request_context() and request.environ.pop(PENDING, False):
        request.environ[COMMITS] = request.environ.get(COMMITS, 0) + 1


def _rolled_back(session: Session) -> None:
    if has_request_context():
        request.environ.pop(PENDING, None)


def _check_the_request(response: Response) -> Response:
    if response.status_code >= 400:
        return response  # the session is rolled back when the request ends
    problem = None
    if request.environ.get(PENDING):
        problem = "left writes uncommitted"
    elif request.environ.get(COMMITS, 0) > 1:
        problem = f"committed writes {request.environ[COMMITS]} times"
    if problem is None:
        return response
    message = f"{request.method} {request.endpoint} {problem}: one commit per request"
    if current_app.config["VEIVISER_STRICT_TRANSACTIONS"]:
        raise TransactionMisuse(message)
    logger.error(message)
    return response
