"""Batch screening in the browser: upload a CSV, watch its progress, download the results."""

from flask import Blueprint

bp = Blueprint("screening", __name__, template_folder="templates")

from app.screening import routes  # noqa: E402,F401  (routes register on bp)
