"""A chart as an SVG response, for the pages that show it as an image."""

from __future__ import annotations

from flask import Response

from ..services import charts

# Shown as an image, nothing in it runs; matplotlib draws with inline styles.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"


def svg_response(chart: charts.BarChart) -> Response:
    response = Response(charts.svg(chart), mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = SVG_POLICY
    return response
