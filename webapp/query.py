"""The query string of this request, safe to hand back to `url_for`.

`url_for` reads some keyword arguments itself (`_method`, `_anchor`, `_external`, `_scheme`):
passed on from a crafted link, they raise a BuildError or change the URL's scheme and host.
No parameter of ours starts with an underscore, so none is passed on; nor is `endpoint`,
url_for's first argument, which a query would otherwise give twice. Nor is a secret that a
crafted or old link may carry (a resume code): links built from this page must not repeat it.
"""

from __future__ import annotations

from typing import Any

from flask import request

SECRET_PARAMETERS = frozenset({"code"})
# url_for's own parameter names that are not underscored.
RESERVED_PARAMETERS = frozenset({"endpoint"})


def passthrough_args() -> dict[str, list[str]]:
    """The query parameters of this request that are safe to build a URL with."""
    return {
        key: values
        for key, values in request.args.to_dict(flat=False).items()
        if key
        and not key.startswith("_")
        and key not in SECRET_PARAMETERS
        and key not in RESERVED_PARAMETERS
    }


def url_values(**view_values: Any) -> dict[str, Any]:
    """The query parameters with the view's own values on top."""
    return {**passthrough_args(), **view_values}
