"""Public, read-only pages: home, search, browse, designation detail."""

from flask import Blueprint

bp = Blueprint("public", __name__, template_folder="templates")

from app.public import exports, routes  # noqa: E402,F401  (routes register on bp)
