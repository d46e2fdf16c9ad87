"""Certificates of search (issue 11): the printable page, the public key, the search
page's "Certificate of this search" button."""

from flask import Blueprint

bp = Blueprint(
    "certificates",
    __name__,
    url_prefix="/certificates",
    template_folder="templates",
    static_folder="static",
)

from app.certificates import routes  # noqa: E402,F401  (routes register on bp)
