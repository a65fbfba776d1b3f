"""Configuration: defaults per environment, then overrides read from the environment.

The environment is read when the app is created (not at import), so tests and tools can set
variables first. README.md lists every variable.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar

from forms.rulesets import DEFAULT_RULESET_ID


def normalise_database_url(url: str) -> str:
    """Let `postgres://` and `postgresql://` URLs use the psycopg 3 driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _as_bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _as_list(value: str) -> list[str]:
    return [item for item in value.replace(",", " ").split() if item]


class Config:
    """Defaults shared by every environment."""

    ENV_NAME = "base"
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {"pool_pre_ping": True}
    MAX_CONTENT_LENGTH = 256 * 1024  # our forms post short text fields only (uploads: below)
    SESSION_COOKIE_NAME = "veiviser_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = timedelta(days=30)
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session: drafts take days
    BABEL_DEFAULT_LOCALE = "nb"
    BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"
    LANGUAGES = ("nb", "nn", "en")
    VEIVISER_RULESET = DEFAULT_RULESET_ID
    VEIVISER_FRAME_ANCESTORS: ClassVar[list[str]] = []
    VEIVISER_PROXY_FIX = ""
    VEIVISER_HSTS = False
    # Log lines: "text" to read in a terminal, "json" (one object per line) for a collector.
    VEIVISER_LOG_FORMAT = "text"
    VEIVISER_LOG_LEVEL = "INFO"
    VEIVISER_DRAFT_MAX_AGE_DAYS = 180
    # Attached files: per file, per application, and unpacked (DOCX, XLSX and ODT are zip files).
    VEIVISER_ATTACHMENT_MAX_FILE_BYTES = 20 * 1024 * 1024
    VEIVISER_ATTACHMENT_MAX_TOTAL_BYTES = 60 * 1024 * 1024
    VEIVISER_ATTACHMENT_MAX_UNPACKED_BYTES = 256 * 1024 * 1024
    # Who runs the service and answers applicants: the footer, the receipt and the privacy page.
    VEIVISER_OPERATOR = "Digitaliseringsdirektoratet (Digdir)"
    VEIVISER_CONTACT_EMAIL = "postmottak@digdir.no"
    VEIVISER_CONTACT_PHONE = ""
    # The secretariat's postal address in the letters' header; lines split by ";" or newlines.
    VEIVISER_POSTAL_ADDRESS = ""
    # A folder with the operator's own privacy.<lang>.html and accessibility.<lang>.html.
    VEIVISER_PAGES_DIR = ""
    VEIVISER_ADVISOR_IDLE_MINUTES = 30
    # However active, an advisor's session ends after this long (ASVS 5.0, V7.3).
    VEIVISER_ADVISOR_SESSION_HOURS = 10
    # Login attempts (every POST counts): strict for one account from one client address, looser
    # for the account from anywhere (so a stranger cannot lock the advisor out as easily), and
    # per client address whatever the account.
    VEIVISER_LOGIN_LIMITS_PER_ACCOUNT_AND_ADDRESS = "5/minute;20/hour"
    VEIVISER_LOGIN_LIMITS_PER_ACCOUNT = "30/hour;100/day"
    VEIVISER_LOGIN_LIMITS_PER_ADDRESS = "30/hour"
    # The second factor (TOTP) for every advisor; codes allowed per account while logging in.
    VEIVISER_SECOND_FACTOR = False
    VEIVISER_SECOND_FACTOR_LIMITS = "5/minute;20/hour"
    # Per client address. Generous: a whole agency may share one address behind its proxy.
    VEIVISER_APPLY_LIMITS = "300/minute"
    VEIVISER_RESUME_LIMITS = "20/hour"
    VEIVISER_RECEIPT_MAIL_LIMITS = "5/hour"
    # Files attached per client address: each may be 20 MB and drafts are anonymous.
    VEIVISER_UPLOAD_LIMITS = "60/hour"
    VEIVISER_API_LIMITS = "120/minute"
    # The agency's reporting pages, per client address: every request, and the requests with a
    # token that opens nothing (guessing); a whole agency may share one address.
    VEIVISER_REPORTING_LIMITS = "300/hour"
    VEIVISER_REPORTING_MISS_LIMITS = "10/hour"
    # Reminders of a report go this many days before its due date (and once when it is late).
    VEIVISER_REPORT_REMINDER_DAYS = 14
    # The portfolio calls a project's benefits lagging when short of its plan by more than this.
    VEIVISER_LAGGING_PERCENT = 20
    # Flask-Login ends the session when the client's address or browser changes.
    SESSION_PROTECTION = "strong"
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_ENABLED = True
    # Background jobs (webapp/jobs): "" is a SQLite queue in instance/; or redis://, postgresql://.
    VEIVISER_JOBS_URL = ""
    VEIVISER_JOBS_QUEUE = "veiviser"  # the queue's name in its store (several apps may share one)
    VEIVISER_JOBS_WORKERS = 2
    VEIVISER_JOBS_RETRY_SECONDS = 30  # first retry; doubles each time, at most an hour apart
    VEIVISER_JOBS_GIVE_UP_HOURS = 48
    VEIVISER_JOBS_LEASE_SECONDS = 300  # a job held longer by a worker counts as lost, runs again
    VEIVISER_JOBS_POLL_SECONDS = 1.0
    # E-mail: without a host, mails are written as .eml files in VEIVISER_MAIL_DIR.
    VEIVISER_SMTP_HOST = ""
    VEIVISER_SMTP_PORT = 587
    VEIVISER_SMTP_USERNAME = ""
    VEIVISER_SMTP_PASSWORD = ""
    VEIVISER_SMTP_STARTTLS = True
    VEIVISER_SMTP_TIMEOUT = 30
    VEIVISER_MAIL_FROM = "Veiviser <veiviser@example.no>"  # set it in production
    VEIVISER_MAIL_DIR = ""  # default: instance/mail
    VEIVISER_ADVISOR_NOTIFY: ClassVar[list[str]] = []
    # Archive copies (PDF/A-2b) by LibreOffice: the program, and how long one conversion may take.
    VEIVISER_SOFFICE = "soffice"
    VEIVISER_PDF_TIMEOUT_SECONDS = 180


class DevelopmentConfig(Config):
    ENV_NAME = "development"


class TestConfig(Config):
    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"
    SQLALCHEMY_DATABASE_URI = "sqlite://"


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    VEIVISER_HSTS = True
    VEIVISER_LOG_FORMAT = "json"
    VEIVISER_SECOND_FACTOR = True
    PREFERRED_URL_SCHEME = "https"


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}

# Environment variable → (config key, converter). README.md documents each one.
ENVIRONMENT_SETTINGS: dict[str, tuple[str, Any]] = {
    "SECRET_KEY": ("SECRET_KEY", str),
    "DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", normalise_database_url),
    "RATELIMIT_STORAGE_URI": ("RATELIMIT_STORAGE_URI", str),
    "VEIVISER_RULESET": ("VEIVISER_RULESET", str),
    "VEIVISER_FRAME_ANCESTORS": ("VEIVISER_FRAME_ANCESTORS", _as_list),
    # The host names the app answers to (Flask's TRUSTED_HOSTS): any other Host header gets a
    # 400, so no link the app builds (a mail's, a redirect's) can point elsewhere.
    "VEIVISER_TRUSTED_HOSTS": ("TRUSTED_HOSTS", _as_list),
    "VEIVISER_PROXY_FIX": ("VEIVISER_PROXY_FIX", str),
    "VEIVISER_LOG_FORMAT": ("VEIVISER_LOG_FORMAT", str),
    "VEIVISER_LOG_LEVEL": ("VEIVISER_LOG_LEVEL", str),
    "VEIVISER_SECURE_COOKIES": ("SESSION_COOKIE_SECURE", _as_bool),
    "VEIVISER_MAX_CONTENT_LENGTH": ("MAX_CONTENT_LENGTH", int),
    "VEIVISER_DRAFT_MAX_AGE_DAYS": ("VEIVISER_DRAFT_MAX_AGE_DAYS", int),
    "VEIVISER_ATTACHMENT_MAX_FILE_BYTES": ("VEIVISER_ATTACHMENT_MAX_FILE_BYTES", int),
    "VEIVISER_ATTACHMENT_MAX_TOTAL_BYTES": ("VEIVISER_ATTACHMENT_MAX_TOTAL_BYTES", int),
    "VEIVISER_ATTACHMENT_MAX_UNPACKED_BYTES": ("VEIVISER_ATTACHMENT_MAX_UNPACKED_BYTES", int),
    "VEIVISER_OPERATOR": ("VEIVISER_OPERATOR", str),
    "VEIVISER_CONTACT_EMAIL": ("VEIVISER_CONTACT_EMAIL", str),
    "VEIVISER_CONTACT_PHONE": ("VEIVISER_CONTACT_PHONE", str),
    "VEIVISER_POSTAL_ADDRESS": ("VEIVISER_POSTAL_ADDRESS", str),
    "VEIVISER_PAGES_DIR": ("VEIVISER_PAGES_DIR", str),
    "VEIVISER_ADVISOR_IDLE_MINUTES": ("VEIVISER_ADVISOR_IDLE_MINUTES", int),
    "VEIVISER_ADVISOR_SESSION_HOURS": ("VEIVISER_ADVISOR_SESSION_HOURS", int),
    "VEIVISER_LOGIN_LIMITS_PER_ACCOUNT_AND_ADDRESS": (
        "VEIVISER_LOGIN_LIMITS_PER_ACCOUNT_AND_ADDRESS",
        str,
    ),
    "VEIVISER_LOGIN_LIMITS_PER_ACCOUNT": ("VEIVISER_LOGIN_LIMITS_PER_ACCOUNT", str),
    "VEIVISER_LOGIN_LIMITS_PER_ADDRESS": ("VEIVISER_LOGIN_LIMITS_PER_ADDRESS", str),
    "VEIVISER_SECOND_FACTOR": ("VEIVISER_SECOND_FACTOR", _as_bool),
    "VEIVISER_SECOND_FACTOR_LIMITS": ("VEIVISER_SECOND_FACTOR_LIMITS", str),
    "VEIVISER_APPLY_LIMITS": ("VEIVISER_APPLY_LIMITS", str),
    "VEIVISER_RESUME_LIMITS": ("VEIVISER_RESUME_LIMITS", str),
    "VEIVISER_RECEIPT_MAIL_LIMITS": ("VEIVISER_RECEIPT_MAIL_LIMITS", str),
    "VEIVISER_UPLOAD_LIMITS": ("VEIVISER_UPLOAD_LIMITS", str),
    "VEIVISER_API_LIMITS": ("VEIVISER_API_LIMITS", str),
    "VEIVISER_REPORTING_LIMITS": ("VEIVISER_REPORTING_LIMITS", str),
    "VEIVISER_REPORTING_MISS_LIMITS": ("VEIVISER_REPORTING_MISS_LIMITS", str),
    "VEIVISER_REPORT_REMINDER_DAYS": ("VEIVISER_REPORT_REMINDER_DAYS", int),
    "VEIVISER_LAGGING_PERCENT": ("VEIVISER_LAGGING_PERCENT", int),
    "VEIVISER_JOBS_URL": ("VEIVISER_JOBS_URL", str),
    "VEIVISER_JOBS_QUEUE": ("VEIVISER_JOBS_QUEUE", str),
    "VEIVISER_JOBS_WORKERS": ("VEIVISER_JOBS_WORKERS", int),
    "VEIVISER_JOBS_RETRY_SECONDS": ("VEIVISER_JOBS_RETRY_SECONDS", float),
    "VEIVISER_JOBS_GIVE_UP_HOURS": ("VEIVISER_JOBS_GIVE_UP_HOURS", float),
    "VEIVISER_JOBS_LEASE_SECONDS": ("VEIVISER_JOBS_LEASE_SECONDS", float),
    "VEIVISER_JOBS_POLL_SECONDS": ("VEIVISER_JOBS_POLL_SECONDS", float),
    "VEIVISER_SMTP_HOST": ("VEIVISER_SMTP_HOST", str),
    "VEIVISER_SMTP_PORT": ("VEIVISER_SMTP_PORT", int),
    "VEIVISER_SMTP_USERNAME": ("VEIVISER_SMTP_USERNAME", str),
    "VEIVISER_SMTP_PASSWORD": ("VEIVISER_SMTP_PASSWORD", str),
    "VEIVISER_SMTP_STARTTLS": ("VEIVISER_SMTP_STARTTLS", _as_bool),
    "VEIVISER_SMTP_TIMEOUT": ("VEIVISER_SMTP_TIMEOUT", float),
    "VEIVISER_MAIL_FROM": ("VEIVISER_MAIL_FROM", str),
    "VEIVISER_MAIL_DIR": ("VEIVISER_MAIL_DIR", str),
    "VEIVISER_ADVISOR_NOTIFY": ("VEIVISER_ADVISOR_NOTIFY", _as_list),
    "VEIVISER_SOFFICE": ("VEIVISER_SOFFICE", str),
    "VEIVISER_PDF_TIMEOUT_SECONDS": ("VEIVISER_PDF_TIMEOUT_SECONDS", float),
}


def config_for(name: str | None) -> type[Config]:
    name = (name or os.environ.get("VEIVISER_ENV") or "development").lower()
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"Unknown VEIVISER_ENV {name!r}; use one of {sorted(CONFIGS)}") from None


def settings_from_environment(environ: dict[str, str] | None = None) -> dict[str, Any]:
    environ = os.environ if environ is None else environ
    settings = {}
    for variable, (key, convert) in ENVIRONMENT_SETTINGS.items():
        value = environ.get(variable)
        if value:
            settings[key] = convert(value)
    return settings


def instance_secret_key(instance_path: str) -> str:
    """Development only: a random key kept in instance/ so sessions survive restarts."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written whole under another name (mode 0600), then linked into place, which fails if
        # the file is there: processes starting together (workers, parallel tests) all end up
        # with the first key, and none reads a half-written one.
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret_key.")
        try:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_hex(32))
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    return path.read_text().strip()


def sqlite_url(instance_path: str) -> str:
    return "sqlite:///" + str(Path(instance_path) / "veiviser.sqlite3")
