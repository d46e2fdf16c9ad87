"""The admin area under /admin: sign-in, data entry, imports, audit trail, accounts.

Every view requires a signed-in account with the role it names (``editor`` unless
it says otherwise); see ``app.admin.access``.
"""

from flask import Blueprint

bp = Blueprint("admin", __name__, template_folder="templates", static_folder="static")

from app.admin import (  # noqa: E402,F401  (routes register on bp)
    access,  # noqa: E402,F401  (the guard and login manager hooks)
    audit_views,
    auth,
    designation_views,
    import_views,
    job_views,
    link_views,
    list_views,
    monitoring_views,
    screening_views,
    token_views,
    user_views,
)
