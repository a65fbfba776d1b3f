"""Write a DOCX package so that the same parts always give the same bytes."""

from __future__ import annotations

import io
import zipfile

# The earliest time a zip entry can hold; python-docx would stamp the current time.
_FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)
_COMPRESS_LEVEL = 6
_FIRST_MEMBERS = ("[Content_Types].xml", "_rels/.rels")


def normalise_package(data: bytes) -> bytes:
    """Rewrite a zip package with fixed timestamps, attributes, order and compression.

    Members keep their content; ``[Content_Types].xml`` and ``_rels/.rels`` come first,
    then the rest sorted by name. The output depends only on the members' content (and on
    zlib producing the same deflate stream, which it does for a given zlib build).
    """
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    names = sorted(members, key=lambda name: (name not in _FIRST_MEMBERS, _order(name), name))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=_FIXED_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, members[name], compresslevel=_COMPRESS_LEVEL)
    return output.getvalue()


def _order(name: str) -> int:
    return _FIRST_MEMBERS.index(name) if name in _FIRST_MEMBERS else 0
