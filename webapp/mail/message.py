"""Build a MIME message that cannot carry injected headers.

Every address is checked with email-validator and every header value is refused if it holds a
line break, so no answer an applicant typed can add a Bcc or end the headers early.
"""

from __future__ import annotations

from collections.abc import Sequence
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, parseaddr

from email_validator import EmailNotValidError, validate_email


class AddressError(ValueError):
    """An address we will not send to or from."""


def _no_line_breaks(value: str, what: str) -> str:
    if any(ch in value for ch in "\r\n\x00"):
        raise AddressError(f"{what} contains a line break")
    return value


def checked_address(raw: str) -> str:
    """The address normalised (`Kari@Example.NO` → `Kari@example.no`); AddressError if invalid."""
    _no_line_breaks(raw, "address")
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise AddressError(str(error)) from None


def parse_sender(raw: str) -> Address:
    """`Veiviser <veiviser@example.no>` or a bare address → Address."""
    _no_line_breaks(raw, "sender")
    name, address = parseaddr(raw)
    address = checked_address(address)
    username, domain = address.rsplit("@", 1)
    return Address(display_name=name, username=username, domain=domain)


def parse_recipients(raw: Sequence[str]) -> list[str]:
    """Addresses from a setting that may hold `Name <a@b>` forms; each checked."""
    return [checked_address(address) for _, address in getaddresses(list(raw)) if address]


def one_line(text: str) -> str:
    """A subject from template text: whitespace folded into single spaces."""
    return " ".join(text.split())


def build_message(
    *,
    sender: str,
    to: Sequence[str],
    subject: str,
    text: str,
    html: str,
    message_id: str,
    language: str,
) -> EmailMessage:
    sender_address = parse_sender(sender)
    recipients = [checked_address(address) for address in to]
    if not recipients:
        raise AddressError("no recipients")
    message = EmailMessage()
    message["From"] = sender_address
    message["To"] = ", ".join(recipients)
    message["Subject"] = _no_line_breaks(one_line(subject), "subject")
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = _no_line_breaks(message_id, "message id")
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to a robot
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    # After the parts: setting content clears every Content-* header set before.
    message["Content-Language"] = _no_line_breaks(language, "language")
    return message
