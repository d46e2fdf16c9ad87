"""Atom feeds of what changed on the lists (/feeds/changes.atom), per jurisdiction and program."""

from flask import Blueprint

bp = Blueprint("feeds", __name__)

from app.feeds import routes  # noqa: E402,F401  (routes register on bp)
