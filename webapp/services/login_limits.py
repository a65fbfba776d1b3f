"""What happens when a login limit trips: the advisor is told, and the account's trail says so.

The limits themselves sit on the login view (``advisor.views``): a strict one per account and
client address, so guessing from one place stops at once without locking the advisor out from
their own desk; a looser one per account from anywhere; and one per client address.
"""

from __future__ import annotations

import hashlib
import logging

from limits import parse

from forms.fields import clean_text

from ..extensions import limiter
from ..logs import security_event
from ..models import Advisor
from . import account_events
from .advisors import find_advisor, normalise_email

ACCOUNT_AND_ADDRESS, ACCOUNT, SECOND_FACTOR = "account_and_address", "account", "second_factor"
# However many attempts are refused, the advisor hears of it at most this often.
NOTICE_LIMIT = parse("1/hour")

logger = logging.getLogger(__name__)


def account_key(typed_email: str) -> str:
    """The limits' key for an account: the address as the login reads it, hashed, so the
    counters never hold what someone typed (it may be a password in the wrong field)."""
    email = normalise_email(clean_text(typed_email) or "")[:254]
    return hashlib.sha256(email.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def notice_key(advisor_id: int) -> tuple[str, str]:
    return ("login-limit-notice", str(advisor_id))


def limit_reached(typed_email: str, scope: str, address: str) -> bool:
    """A login limit refused an attempt for ``typed_email``; True when the advisor is told now.

    Nothing happens for an address that is not an account, and a second refusal within the
    notice interval (from this server or another: the counter is the limiter's) adds nothing.
    """
    advisor = find_advisor(clean_text(typed_email) or "")
    if advisor is None or not advisor.active:
        logger.warning("login limit reached (%s) for no active account", scope)
        return False
    return tell_advisor(advisor, scope, address)


def tell_advisor(advisor: Advisor, scope: str, address: str) -> bool:
    """Record and tell that a limit refused attempts on the account, once per notice interval."""
    if not limiter.limiter.hit(NOTICE_LIMIT, *notice_key(advisor.id)):
        return False
    account_events.record(
        advisor, account_events.LOGIN_LIMITED, {"scope": scope, "address": address}
    )
    security_event("login_limited", scope=scope, advisor=advisor.id)
    notify_login_limited(advisor, scope, address)
    return True


def notify_login_limited(advisor: Advisor, scope: str, address: str) -> None:
    """Tell the advisor by e-mail that attempts to log in to their account were refused
    (queued in the caller's transaction; at most once per notice interval, see above)."""
    from . import mail  # here: mail reaches the app's templates, which this module must not

    try:
        queued = mail.queue_login_limited(advisor, scope, address)
    except mail.AddressError:
        queued = False
    if not queued:
        logger.warning("no login limit notice mailed for advisor %s (%s)", advisor.id, scope)
