"""Verbs on the co-financing calls: create, change, list, and which call an application joins.

Services flush; the request or the command commits. A co-financing application sent while a
call is open joins it; one sent before any call has closed waits (``call_id`` is None) and
joins the next call when that is entered. After a deadline, co-financing is not sent until the
next call opens (``forms.calls.CallSituation.refuses_cofinancing``).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, fields
from datetime import date, datetime

from flask import current_app, g, has_app_context
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from forms import calls as call_rules
from forms.calls import CallSituation
from forms.rulesets import available_rulesets, load_ruleset
from forms.text import N_, LongDate, Text, text

from ..extensions import db
from ..models import Application, ApplicationStatus, Call, utcnow
from . import ranking


class CofinancingClosed(Exception):
    """Co-financing cannot be sent now: the last call has closed and the next is not open."""

    def __init__(self, situation: CallSituation[Call]) -> None:
        super().__init__("the co-financing call has closed")
        self.situation = situation


class CallInvalid(ValueError):
    """The call cannot be stored as given; ``problems`` maps each field to what is wrong."""

    def __init__(self, problems: dict[str, Text]) -> None:
        super().__init__("; ".join(f"{name}: {p.render()}" for name, p in problems.items()))
        self.problems = problems


@dataclass(frozen=True)
class CallDetails:
    """What a lead advisor gives for a call; the deadline is already a moment in UTC."""

    year: int
    ruleset_id: str
    pot: int
    opens_on: date
    deadline_at: datetime
    answers_expected_on: date | None = None

    @classmethod
    def of(cls, call: Call) -> CallDetails:
        return cls(**{field.name: getattr(call, field.name) for field in fields(cls)})


def all_calls() -> list[Call]:
    """Every call, newest first (one a year: a short list)."""
    return list(db.session.scalars(select(Call).order_by(Call.year.desc())))


def find_call(year: int) -> Call | None:
    return db.session.scalar(select(Call).where(Call.year == year))


def current_situation(now: datetime | None = None) -> CallSituation[Call]:
    """Where applicants stand now; read once per request."""
    if now is None and has_app_context() and "call_situation" in g:
        return g.call_situation
    situation = call_rules.situation(all_calls(), now or utcnow())
    if now is None and has_app_context():
        g.call_situation = situation
    return situation


def ruleset_problem(ruleset_id: str) -> Text | None:
    if ruleset_id in available_rulesets():
        if load_ruleset(ruleset_id).cofinancing.ranking is None:
            return text(
                N_("The rule set “%(ruleset)s” does not say how a call is ranked."),
                ruleset=ruleset_id,
            )
        return None
    return text(
        N_("There is no rule set “%(ruleset)s”. Choose one of: %(known)s."),
        ruleset=ruleset_id,
        known=", ".join(available_rulesets()),
    )


@dataclass(frozen=True)
class CallSnapshot:
    """A call as the pages that only show it need it, kept between requests."""

    id: int
    year: int
    opens_on: date
    deadline_at: datetime
    answers_expected_on: date | None

    @classmethod
    def of(cls, call: Call) -> CallSnapshot:
        return cls(
            id=call.id,
            year=call.year,
            opens_on=call.opens_on,
            deadline_at=call.deadline_at,
            answers_expected_on=call.answers_expected_on,
        )


# Pages that only say what the call is read the calls at most this often per process: the start
# page stays free of the database. Opening and closing are computed from the clock every time;
# only a change to a call reaches other processes this much later.
SNAPSHOT_SECONDS = 30.0
_SNAPSHOT_KEY = "veiviser.calls"


def shown_situation(now: datetime | None = None) -> CallSituation[CallSnapshot]:
    """The situation for showing (start page, wizard notices), from a short-lived copy; if the
    database cannot be read, the page goes without it rather than failing."""
    cache = current_app.extensions.setdefault(_SNAPSHOT_KEY, {})
    stamp, snapshots = cache.get("calls", (0.0, None))
    if snapshots is None or time.monotonic() - stamp > SNAPSHOT_SECONDS:
        try:
            snapshots = tuple(CallSnapshot.of(call) for call in all_calls())
        except SQLAlchemyError:
            db.session.rollback()
            logging.getLogger("veiviser.calls").warning("could not read the calls", exc_info=True)
            snapshots = ()
        else:
            cache["calls"] = (time.monotonic(), snapshots)
    return call_rules.situation(snapshots, now or utcnow())


def forget_shown_calls() -> None:
    """Called when a call changes, so this process shows the change at once."""
    if has_app_context():
        current_app.extensions.get(_SNAPSHOT_KEY, {}).pop("calls", None)


def problems_with(details: CallDetails, call: Call | None = None) -> dict[str, Text]:
    """What stops `details` being stored (as a new call, or as changes to `call`)."""
    problems: dict[str, Text] = {}
    if (unknown := ruleset_problem(details.ruleset_id)) is not None:
        problems["ruleset_id"] = unknown
    if details.pot <= 0:
        problems["pot"] = text(N_("The pot must be more than 0 kroner."))
    others = [other for other in all_calls() if call is None or other.id != call.id]
    if any(other.year == details.year for other in others):
        problems["year"] = text(N_("There is already a call for %(year)s."), year=details.year)
    window = call_rules.window_problem(details)
    if window is not None:
        problems["deadline"] = window
    elif clash := next((o for o in others if call_rules.overlaps(details, o)), None):
        problems["opens_on"] = text(
            N_("The call would be open at the same time as the call for %(year)s."),
            year=clash.year,
        )
    expected = details.answers_expected_on
    if expected is not None and expected <= call_rules.in_norway(details.deadline_at).date():
        problems["answers_expected_on"] = text(
            N_("Answers can be expected only after the deadline.")
        )
    return problems


def create_call(details: CallDetails) -> Call:
    """A new call; applications waiting for the next call join it if it is that call."""
    problems = problems_with(details)
    if problems:
        raise CallInvalid(problems)
    call = Call(**{field.name: getattr(details, field.name) for field in fields(CallDetails)})
    db.session.add(call)
    db.session.flush()
    _forget_situation()
    attach_waiting()
    return call


def update_call(call: Call, details: CallDetails) -> bool:
    """Change the call; says whether anything changed."""
    problems = problems_with(details, call)
    if problems:
        raise CallInvalid(problems)
    if CallDetails.of(call) == details:
        return False
    for field in fields(CallDetails):
        setattr(call, field.name, getattr(details, field.name))
    db.session.flush()
    _forget_situation()
    attach_waiting()
    return True


def _forget_situation() -> None:
    if has_app_context():
        g.pop("call_situation", None)
    forget_shown_calls()


def attach_waiting(now: datetime | None = None) -> int:
    """Let co-financing applications that wait for a call join the open call, or else the next
    one; returns how many joined."""
    situation = current_situation(now)
    target = situation.open or situation.upcoming
    if target is None:
        return 0
    waiting = db.session.scalars(
        select(Application).where(
            Application.call_id.is_(None),
            Application.status != ApplicationStatus.DRAFT,
            ("," + Application.schemes + ",").contains(",cofinancing,"),
        )
    ).all()
    for application in waiting:
        join(application, target, refresh=False)
    if waiting:
        ranking.refresh(target)
    return len(waiting)


def on_sent(application: Application, now: datetime | None = None) -> Call | None:
    """Called when the application is sent: a co-financing application joins the open call, or
    waits for the next one (joining it at once if it is already entered). Raises
    :class:`CofinancingClosed` after a deadline, until the next call opens."""
    if "cofinancing" not in application.scheme_list:
        return None
    situation = current_situation(now)
    if situation.refuses_cofinancing:
        raise CofinancingClosed(situation)
    target = situation.open or situation.waiting_call
    if target is not None:
        join(application, target)
    return target


def join(application: Application, call: Call, refresh: bool = True) -> None:
    """The application joins the call's ranking (with `refresh`, the places are stored anew;
    a caller adding many refreshes once at the end)."""
    application.call_id = call.id
    application.call = call
    ranking.enter(application, load_ruleset(call.ruleset_id))
    if refresh:
        ranking.refresh(call)


def receipt_texts(application: Application) -> tuple[Text, ...]:
    """What the receipt says about the call a co-financing application was sent in."""
    if "cofinancing" not in application.scheme_list or application.submitted_at is None:
        return ()
    call = application.call
    if call is not None and call_rules.call_state(call, application.submitted_at) == "open":
        sentences = [
            text(
                N_(
                    "Your application for co-financing is in the %(year)s call. The deadline "
                    "for the call is %(deadline)s (Norwegian time)."
                ),
                year=call.year,
                deadline=call_rules.NorwegianMoment(call.deadline_at),
            )
        ]
        if call.answers_expected_on is not None:
            sentences.append(
                text(
                    N_("Answers are expected by %(date)s."),
                    date=LongDate(call.answers_expected_on),
                )
            )
        return tuple(sentences)
    if call is not None:
        return (
            text(
                N_(
                    "No call for co-financing was open when you sent the application. It waits "
                    "for the %(year)s call, which opens on %(date)s, and is assessed with the "
                    "applications in it."
                ),
                year=call.year,
                date=LongDate(call.opens_on),
            ),
        )
    return (
        text(
            N_(
                "No call for co-financing was open when you sent the application. It waits for "
                "the next call and is assessed with the applications in it."
            )
        ),
        call_rules.next_call_text(current_situation()),
    )
