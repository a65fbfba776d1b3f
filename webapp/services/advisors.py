"""Advisor accounts: create, disable, set a password, log in, end sessions.

Accounts are made from the command line only. Messages here are for the operator at a terminal
and stay in English; the login page shows its own generic message.
"""

from __future__ import annotations

import secrets
import string
from functools import cache
from importlib import resources

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import Advisor, AdvisorRole, utcnow

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256  # hashing megabytes on every login attempt would be a cheap attack
HASH_METHOD = "scrypt"
# Words no advisor password may contain, whatever else it holds.
FORBIDDEN_WORDS = ("veiviser",)
_EDGE_CHARACTERS = string.digits + string.punctuation + " "


class AccountError(ValueError):
    """An account action that cannot be done; the message says why."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of the most used passwords (webapp/advisor/common_passwords.txt)."""
    data = resources.files("webapp.advisor").joinpath("common_passwords.txt")
    lines = data.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def password_problems(password: str, email: str) -> list[str]:
    """Why this password is refused for this account; an empty list when it is acceptable."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(f"The password must have at most {MAX_PASSWORD_LENGTH} characters.")
    folded = password.casefold()
    # "Password2024!" is as weak as "password": look at the word inside digits and punctuation.
    core = folded.strip(_EDGE_CHARACTERS)
    if folded in common_passwords() or core in common_passwords() or len(set(folded)) <= 2:
        problems.append("The password is too common or too easy to guess.")
    local_part = normalise_email(email).partition("@")[0]
    if len(local_part) >= 3 and local_part in folded:
        problems.append("The password must not contain the e-mail address.")
    if any(word in folded for word in FORBIDDEN_WORDS):
        problems.append("The password must not contain the name of the service.")
    return problems


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=HASH_METHOD)


@cache
def _dummy_hash() -> str:
    # Checked when the e-mail is unknown, so that case takes as long as a wrong password.
    return hash_password(secrets.token_urlsafe(16))


def find_advisor(email: str) -> Advisor | None:
    if "\x00" in email:
        return None  # no address holds a NUL, and PostgreSQL refuses one in a query
    return db.session.scalar(select(Advisor).where(Advisor.email == normalise_email(email)))


def _require_advisor(email: str) -> Advisor:
    advisor = find_advisor(email)
    if advisor is None:
        raise AccountError(f"There is no advisor with the e-mail address {email.strip()}.")
    return advisor


def _require_good_password(password: str, email: str) -> None:
    problems = password_problems(password, email)
    if problems:
        raise AccountError(" ".join(problems))


def _require_role(role: str) -> AdvisorRole:
    if role not in set(AdvisorRole):
        names = ", ".join(AdvisorRole)
        raise AccountError(f"There is no role {role!r}; a role is one of: {names}.")
    return AdvisorRole(role)


def create_advisor(
    email: str, name: str, password: str, role: str = AdvisorRole.ADVISOR
) -> Advisor:
    email, name = normalise_email(email), name.strip()
    if "@" not in email or not name:
        raise AccountError("An advisor needs an e-mail address and a name.")
    if find_advisor(email) is not None:
        raise AccountError(f"There is already an advisor with the e-mail address {email}.")
    role = _require_role(role)
    _require_good_password(password, email)
    advisor = Advisor(email=email, name=name, password_hash=hash_password(password), role=role)
    db.session.add(advisor)
    db.session.flush()
    return advisor


def set_role(email: str, role: str) -> tuple[Advisor, bool]:
    """Give the advisor `role`; says whether it changed. The next request sees the new role,
    so no session needs to end."""
    advisor = _require_advisor(email)
    role = _require_role(role)
    changed = advisor.role != role
    advisor.role = role
    return advisor, changed


def end_sessions(advisor: Advisor) -> None:
    """A new session token: every session that carries the old one is refused from now on."""
    advisor.session_token = secrets.token_hex(16)


def disable_advisor(email: str) -> Advisor:
    advisor = _require_advisor(email)
    advisor.active = False
    end_sessions(advisor)
    return advisor


def reset_password(email: str, password: str) -> Advisor:
    advisor = _require_advisor(email)
    _require_good_password(password, advisor.email)
    advisor.password_hash = hash_password(password)
    end_sessions(advisor)
    return advisor


def authenticate(email: str, password: str) -> Advisor | None:
    """The advisor when the e-mail and password match an active account, else None.

    Every path checks one scrypt hash, so the time taken does not tell whether the account
    exists or is disabled.
    """
    if len(password) > MAX_PASSWORD_LENGTH:
        return None  # no account has such a password; refused before any hashing
    advisor = find_advisor(email)
    if advisor is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not check_password_hash(advisor.password_hash, password) or not advisor.active:
        return None
    advisor.last_login_at = utcnow()
    return advisor


def all_advisors() -> list[Advisor]:
    return list(db.session.scalars(select(Advisor).order_by(Advisor.email)))
