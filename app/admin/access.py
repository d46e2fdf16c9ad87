"""Who may see what in the admin area: one guard for every admin view.

Each view names the role it needs with ``@role_required``; a view that names none
needs ``editor``. Anonymous people are sent to sign in (HTML) or get 401 (JSON);
a signed-in account without the role gets 403.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user

from app.admin import bp
from app.admin.countries import sorted_country_names
from app.errors import error_response, wants_json
from app.extensions import db, login_manager
from app.models import User
from app.services import accounts

DEFAULT_ROLE = "editor"
# Session key holding the time of the last admin request (for the idle timeout).
LAST_SEEN = "admin_last_seen"

View = TypeVar("View", bound=Callable)


def role_required(role: str | None) -> Callable[[View], View]:
    """Mark the role a view needs; None opens it to anyone (the sign-in page)."""

    def mark(view: View) -> View:
        view.required_role = role  # type: ignore[attr-defined]
        return view

    return mark


def json_view(view: View) -> View:
    """Mark a view that answers JSON, so refusals are JSON too."""
    view.answers_json = True  # type: ignore[attr-defined]
    return view


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ord(c) < 32 or c == "\\" for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


login_manager.login_view = "admin.login"
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    return accounts.load_session_user(db.session, session_id)


def _refuse(status: int, message: str):
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "answers_json", False) or wants_json():
        return error_response(status, message)
    if status == 401:
        target = request.full_path if request.query_string else request.path
        return redirect(url_for("admin.login", next=target))
    return None


@bp.before_request
def guard():
    """Require a signed-in account with the view's role; sign out idle sessions."""
    if request.endpoint == f"{bp.name}.static":
        return None  # the stylesheet: the sign-in page needs it before anyone signs in
    view = current_app.view_functions.get(request.endpoint or "")
    role = getattr(view, "required_role", DEFAULT_ROLE)
    if role is None:
        return None
    if current_user.is_authenticated and _idle_too_long():
        logout_user()
        session.clear()
        flash("You were signed out after a period of inactivity. Sign in again.", "info")
    if not current_user.is_authenticated:
        return _refuse(401, "Sign in to use the admin area.")
    if not current_user.has_role(role):
        response = _refuse(403, "Your role does not allow this.")
        if response is not None:
            return response
        abort(403)
    session[LAST_SEEN] = int(time.time())
    return None


def _idle_too_long() -> bool:
    last_seen = session.get(LAST_SEEN)
    limit = current_app.config["ADMIN_IDLE_TIMEOUT_SECONDS"]
    return not isinstance(last_seen, int) or time.time() - last_seen > limit


@bp.context_processor
def admin_helpers() -> dict:
    return {
        "is_admin": current_user.is_authenticated and current_user.has_role("admin"),
        "country_names": sorted_country_names(),
    }
