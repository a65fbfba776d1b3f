"""The words for where a case stands on each scheme's track: the applicant's receipt and the
advisor's pages name the steps alike."""

from __future__ import annotations

from forms.routing import STAGE_LABELS
from forms.translation import lazy_gettext as _l

from .services import tracks

# A track's steps: the council's three (named as the applicant's pages name them), and where a
# co-financing application starts.
TRACK_STEP_LABELS = {
    **{step: _l(label) for step, label in STAGE_LABELS.items()},
    tracks.SENT: _l("Sent"),
    tracks.PRELIMINARY_GRANT: _l("Preliminary grant"),
    tracks.PLAN_RECEIVED: _l("Benefits realisation plan received"),
    tracks.FINAL_GRANT: _l("Final grant"),
    tracks.REJECTED: _l("Rejected"),
}


def track_step_label(step: str) -> str:
    label = TRACK_STEP_LABELS.get(step)
    return str(label) if label is not None else step
