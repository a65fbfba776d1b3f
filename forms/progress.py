"""One request's view of the applicant's path, computed once from the stored answers.

The path is still recomputed from the stored answers on every request; this only stops the
same work being done twice within one: the path is routed once, each step's form is built
from the answers at most once (and handed on to the summary), and each step is validated at
most once. Across requests, a small memo remembers whether a step validated against exactly
these answers under exactly this rule set (and on this day, should a rule ever read the
date): any change to any answer or to the rule set is a different key, so nothing stale
can be served.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, Generic, TypeVar

from forms import flow
from forms.rulesets import RuleSet
from forms.steps import StepForm

MEMO_SIZE = 4096  # entries of (answers, rule set, day, step) → complete; a few hundred KiB

Value = TypeVar("Value")


class BoundedMemo(Generic[Value]):
    """A bounded, thread-safe LRU: what was computed from a key that names all its inputs."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[tuple, Value] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Value | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def remember(self, key: tuple, compute: Callable[[], Value]) -> Value:
        """The value kept under `key`, computed (outside the lock) and kept on a miss."""
        value = self.get(key)
        if value is None:
            value = compute()
            self.put(key, value)
        return value

    def put(self, key: tuple, value: Value) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


completion_memo: BoundedMemo[bool] = BoundedMemo(MEMO_SIZE)


def answers_fingerprint(answers: Mapping[str, Any]) -> bytes:
    """A digest of every stored answer: equal only for equal answers."""
    encoded = json.dumps(answers, sort_keys=True, separators=(",", ":"), default=repr)
    return hashlib.blake2b(encoded.encode(), digest_size=16).digest()


class Progress:
    """The current path for `answers` under `ruleset`, and which of its steps are complete."""

    def __init__(self, answers: Mapping[str, Any], ruleset: RuleSet) -> None:
        self.answers = answers
        self.ruleset = ruleset
        self.path: list[flow.Step] = flow.current_path(answers, ruleset)
        self._forms: dict[str, StepForm] = {}
        self._complete: dict[str, bool] = {}
        self._validated: dict[str, bool] = {}
        self._key: tuple | None = None

    def form(self, step: flow.Step) -> StepForm:
        """The step's form filled from the stored answers, built once per request."""
        if step.id not in self._forms:
            self._forms[step.id] = flow.build_form(step, self.answers, self.ruleset)
        return self._forms[step.id]

    def is_complete(self, step: flow.Step) -> bool:
        if step.id == "check":
            return False  # the declaration is given when the application is sent
        if step.id not in self._complete:
            self._complete[step.id] = completion_memo.remember(
                (*self.memo_key(), step.id), lambda: self.validated(step)
            )
        return self._complete[step.id]

    def validated(self, step: flow.Step) -> bool:
        """The step's form validated against the stored answers, once per request: its
        errors stay on the form for the page to show."""
        if step.id not in self._validated:
            self._validated[step.id] = self.form(step).validate()
        return self._validated[step.id]

    def first_incomplete(self, steps: Sequence[flow.Step] | None = None) -> flow.Step | None:
        """The first of `steps` (default: the whole path) that is not complete."""
        return next(
            (s for s in (self.path if steps is None else steps) if not self.is_complete(s)), None
        )

    def can_visit(self, step: flow.Step) -> bool:
        """On the path, with every step before it complete."""
        if step not in self.path:
            return False
        return self.first_incomplete(self.path[: self.path.index(step)]) is None

    def summarised(self) -> list[tuple[flow.Step, StepForm]]:
        """The steps whose answers belong in the summary, each with its form."""
        return [(step, self.form(step)) for step in self.path if step.summarised]

    def memo_key(self) -> tuple:
        """What the path and every step's answers follow from: the answers, the rule set and
        the day. Work on these alone can be remembered under it."""
        if self._key is None:
            self._key = (
                answers_fingerprint(self.answers),
                self.ruleset.id,
                hash(self.ruleset),
                date.today(),
            )
        return self._key
