"""Hand a message to the SMTP server, or, without one (development), write it to a file."""

from __future__ import annotations

import logging
import re
import smtplib
import ssl
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any

from flask import current_app

from ..jobs.runner import JobError

logger = logging.getLogger("veiviser.mail")


def mail_dir() -> Path:
    return Path(current_app.config["VEIVISER_MAIL_DIR"] or Path(current_app.instance_path) / "mail")


def deliver(message: EmailMessage, file_stem: str) -> str:
    """Send the message; returns where it went. Raises JobError (retried) when it cannot."""
    config: dict[str, Any] = current_app.config
    if not config["VEIVISER_SMTP_HOST"]:
        return _write_file(message, file_stem)
    host, port = config["VEIVISER_SMTP_HOST"], config["VEIVISER_SMTP_PORT"]
    try:
        with smtplib.SMTP(host, port, timeout=config["VEIVISER_SMTP_TIMEOUT"]) as smtp:
            if config["VEIVISER_SMTP_STARTTLS"]:
                smtp.starttls(context=ssl.create_default_context())
            if config["VEIVISER_SMTP_USERNAME"]:
                smtp.login(config["VEIVISER_SMTP_USERNAME"], config["VEIVISER_SMTP_PASSWORD"])
            refused = smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as error:
        raise JobError(
            f"the mail server refused every recipient: {_codes(error.recipients)}"
        ) from None
    except smtplib.SMTPResponseException as error:
        raise JobError(
            f"the mail server answered {error.smtp_code}: {_text(error.smtp_error)}"
        ) from None
    except (OSError, smtplib.SMTPException) as error:
        raise JobError(f"could not reach the mail server {host}:{port}: {error}") from None
    if refused:
        # Some recipients got it: retrying would send it twice to them. Say who did not.
        logger.warning("mail %s refused for %s", message["Message-ID"], _codes(refused))
    return f"smtp://{host}:{port}"


def _codes(refused: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(
        f"{address} ({code} {_text(text)})" for address, (code, text) in refused.items()
    )


def _text(raw: bytes | str) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def _write_file(message: EmailMessage, file_stem: str) -> str:
    directory = mail_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / (re.sub(r"[^A-Za-z0-9._-]+", "-", file_stem) + ".eml")
    path.write_bytes(message.as_bytes(policy=SMTP))
    logger.info("mail written to %s (no VEIVISER_SMTP_HOST set)", path)
    return str(path)
