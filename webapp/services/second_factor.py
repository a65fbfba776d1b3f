"""The advisors' second factor: a time-based one-time code (TOTP, RFC 6238) and recovery codes.

An advisor enrols by scanning a QR code into an authenticator app and typing the first code;
they then get recovery codes, shown once, of which only hashes are kept. A code is accepted
once: the time step it belongs to is stored, and an older or equal step is refused, on every
server (the check and the update are one conditional UPDATE). The verbs flush; the request or
command commits.
"""

from __future__ import annotations

import hmac
import re
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import pyotp
import segno
from markupsafe import Markup
from sqlalchemy import func, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import Advisor, RecoveryCode, utcnow
from . import account_events

ISSUER = "Veiviser"
DIGITS = 6
# One step either side: a phone clock half a minute off still works.
VALID_WINDOW = 1
RECOVERY_CODES = 10
# 31 letters and digits that do not look alike; ten of them are about 50 bits per code.
RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
RECOVERY_LENGTH = 10
# Recovery codes are hashed like passwords (they are short enough to guess offline).
RECOVERY_HASH_METHOD = "scrypt"

ENROLLED = "second_factor_enrolled"
FAILED = "second_factor_failed"
RECOVERY_USED = "recovery_code_used"
RECOVERY_RENEWED = "recovery_codes_renewed"
RESET = "second_factor_reset"

_SEPARATORS = re.compile(r"[\s-]+")


def now() -> float:
    """Seconds since the epoch; tests replace this to move time on."""
    return time.time()


@dataclass(frozen=True)
class Enrolment:
    """What the set-up page shows: the secret as a QR code and as text to type."""

    secret: str
    uri: str
    qr_svg: Markup

    @property
    def grouped_secret(self) -> str:
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))


def is_enrolled(advisor: Advisor) -> bool:
    return advisor.totp_enabled_at is not None and bool(advisor.totp_secret)


def start_enrolment(advisor: Advisor) -> Enrolment:
    """A secret for the advisor's authenticator, kept until the first code confirms it.

    Showing the page again shows the same secret, so a QR code already scanned still works.
    """
    if is_enrolled(advisor):
        raise ValueError("the advisor has a second factor already")
    if not advisor.totp_secret:
        advisor.totp_secret = pyotp.random_base32()
        advisor.totp_last_step = None
        db.session.flush()
    uri = pyotp.TOTP(advisor.totp_secret, digits=DIGITS).provisioning_uri(
        name=advisor.email, issuer_name=ISSUER
    )
    svg = segno.make(uri, error="m").svg_inline(scale=5, border=4, dark="#000", light="#fff")
    return Enrolment(secret=advisor.totp_secret, uri=uri, qr_svg=Markup(svg))


def confirm_enrolment(advisor: Advisor, code: str) -> list[str] | None:
    """The first code from the app: enrol and return new recovery codes, or None if wrong."""
    if is_enrolled(advisor) or not advisor.totp_secret:
        return None
    if not _use_code(advisor, code):
        account_events.record(advisor, FAILED, {"during": "enrolment"})
        return None
    advisor.totp_enabled_at = utcnow()
    account_events.record(advisor, ENROLLED)
    return _new_recovery_codes(advisor)


def looks_like_totp(code: str) -> bool:
    return bool(re.fullmatch(rf"\d{{{DIGITS}}}", _normalise(code)))


def verify(advisor: Advisor, code: str) -> str | None:
    """Check a code at login: "totp" or "recovery" for the kind that was accepted, else None.

    Six digits are a code from the app; anything else is tried as a recovery code, which is
    then used up.
    """
    if not is_enrolled(advisor):
        return None
    if looks_like_totp(code):
        if _use_code(advisor, code):
            return "totp"
    elif _use_recovery_code(advisor, code):
        account_events.record(advisor, RECOVERY_USED, {"left": recovery_codes_left(advisor)})
        return "recovery"
    account_events.record(advisor, FAILED, {"during": "login"})
    return None


def renew_recovery_codes(advisor: Advisor, code: str) -> list[str] | None:
    """New recovery codes (the old ones stop working) for a current code from the app."""
    if not is_enrolled(advisor) or not looks_like_totp(code) or not _use_code(advisor, code):
        account_events.record(advisor, FAILED, {"during": "renewal"})
        return None
    account_events.record(advisor, RECOVERY_RENEWED)
    return _new_recovery_codes(advisor)


def reset(advisor: Advisor) -> None:
    """Forget the second factor (a lost phone): the next login sets up a new one."""
    advisor.totp_secret = None
    advisor.totp_enabled_at = None
    advisor.totp_last_step = None
    db.session.execute(RecoveryCode.__table__.delete().where(RecoveryCode.advisor_id == advisor.id))
    account_events.record(advisor, RESET)


def recovery_codes_left(advisor: Advisor) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.advisor_id == advisor.id, RecoveryCode.used_at.is_(None))
    )


# --- codes from the app -----------------------------------------------------------------


def _normalise(code: str) -> str:
    return _SEPARATORS.sub("", code or "").lower()


def _use_code(advisor: Advisor, code: str) -> bool:
    """True when ``code`` belongs to a step near now that no earlier login has used."""
    code = _normalise(code)
    if not looks_like_totp(code) or not advisor.totp_secret:
        return False
    totp = pyotp.TOTP(advisor.totp_secret, digits=DIGITS)
    current = totp.timecode(datetime.fromtimestamp(now(), UTC))
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return _claim_step(advisor, step)
    return False


def _claim_step(advisor: Advisor, step: int) -> bool:
    # One statement decides, so the same code sent to two servers at once is accepted once.
    result = db.session.execute(
        update(Advisor)
        .where(
            Advisor.id == advisor.id,
            (Advisor.totp_last_step.is_(None)) | (Advisor.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    advisor.totp_last_step = step
    return True


# --- recovery codes ---------------------------------------------------------------------


def _new_recovery_codes(advisor: Advisor) -> list[str]:
    db.session.execute(RecoveryCode.__table__.delete().where(RecoveryCode.advisor_id == advisor.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(
            RecoveryCode(
                advisor_id=advisor.id,
                code_hash=generate_password_hash(raw, method=RECOVERY_HASH_METHOD),
            )
        )
    db.session.flush()
    return codes


def _use_recovery_code(advisor: Advisor, code: str) -> bool:
    raw = _normalise(code)
    if len(raw) != RECOVERY_LENGTH or any(c not in RECOVERY_ALPHABET for c in raw):
        return False
    unused = db.session.scalars(
        select(RecoveryCode).where(
            RecoveryCode.advisor_id == advisor.id, RecoveryCode.used_at.is_(None)
        )
    )
    for stored in unused:
        if check_password_hash(stored.code_hash, raw):
            # Conditional, like the app's codes: a code raced to two servers is used once.
            result = db.session.execute(
                update(RecoveryCode)
                .where(RecoveryCode.id == stored.id, RecoveryCode.used_at.is_(None))
                .values(used_at=utcnow())
                .execution_options(synchronize_session=False)
            )
            return result.rowcount == 1
    return False
