"""The field's formats: yente-compatible POST /match/<dataset> and OpenRefine's /reconcile
(with its suggest, preview and data extension services)
(the FollowTheMoney export /export.ftm.json is served with the other exports, built once
per data version: public/exports.py). JSON in, JSON out, no CSRF token
(like /api/v1: no cookie gives authority here, the endpoints only read and compute)."""

from flask import Blueprint

from app.extensions import csrf

bp = Blueprint("interop", __name__, template_folder="templates")
csrf.exempt(bp)

from app.interop import (  # noqa: E402,F401  (routes register on bp)
    common,
    entities,
    match,
    reconcile,
    reconcile_services,
)
