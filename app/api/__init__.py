"""JSON API under /api/v1: the same services as the pages, JSON only."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from app.api import (  # noqa: E402  (routes register on bp)
    certificate_routes,  # noqa: F401  (/api/v1/certificates, issue 11)
    list_routes,  # noqa: F401  (GET /api/v1/lists, issue 13)
    monitoring_routes,  # noqa: F401  (/api/v1/monitored-lists, issue 12)
    routes,  # noqa: F401
    screening_run_routes,  # noqa: F401  (stored screening runs and decisions, issue 11)
)
