"""Reading one uploaded file from a form whose body may be large.

The app's MAX_CONTENT_LENGTH stays small; a view that takes a file raises it for itself before
anything reads the body, so such a view is CSRF-exempt and calls :func:`receive_file`, which
checks the token once the body may be read. A body too large to parse is read and thrown away
first (when not absurdly large), so the browser sees the answer instead of a connection reset.
"""

from __future__ import annotations

from flask import request
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import RequestEntityTooLarge

from .extensions import csrf
from .services.attachments import Limits, UploadRefused

FORM_OVERHEAD = 256 * 1024  # multipart boundaries, headers, the CSRF token and a few fields
READ_SIZE = 64 * 1024


def discard_body(limit: int) -> None:
    """Read a refused body to its end, so the browser gets our answer; not beyond `limit`."""
    length = request.content_length
    if length is None or length > limit:
        return
    stream = request.environ["wsgi.input"]
    while length > 0 and (chunk := stream.read(min(READ_SIZE, length))):
        length -= len(chunk)


def receive_file(field: str, limits: Limits) -> FileStorage | None:
    """The file posted as `field` (None when none was chosen); raises UploadRefused when the
    body is too large, and a CSRF error when the token is wrong."""
    request.max_content_length = limits.max_file + FORM_OVERHEAD
    try:
        upload = request.files.get(field)
    except RequestEntityTooLarge:
        discard_body(limits.max_total + FORM_OVERHEAD)
        raise UploadRefused(UploadRefused.TOO_LARGE, limits) from None
    csrf.protect()
    return upload if upload is not None and upload.filename else None
