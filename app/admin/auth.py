"""Signing in and out of the admin area."""

from __future__ import annotations

import time
from datetime import timedelta

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user
from limits import parse as parse_limit

from app.admin import bp
from app.admin.access import LAST_SEEN, role_required, safe_next
from app.admin.forms import LoginForm, LogoutForm
from app.errors import PLAIN_HTTP_MESSAGE, on_loopback, plain_http_with_secure_cookie
from app.extensions import db
from app.services import accounts

# The one answer to a refused sign-in, whether or not the email exists.
LOGIN_REFUSED = (
    "Wrong email or password. After several failed attempts an account is locked for a while."
)


# A sign-in refused by a limit (the password was not looked at, or failures from this
# address are many): the same words whatever the account.
LOGIN_LIMITED = (
    "Too many failed sign-ins for this account or from your network. Wait a few minutes "
    "and try again, or ask an administrator to unlock the account."
)


def _limit(setting: str) -> accounts.limits.Limit:
    item = parse_limit(current_app.config[setting])
    return accounts.limits.Limit(item.amount, timedelta(seconds=item.get_expiry()))


def login_policy() -> accounts.LoginPolicy:
    """The lockout and sign-in limits, for sign-in and for checking one's current password."""
    config = current_app.config
    return accounts.LoginPolicy(
        lockout_attempts=config["LOGIN_LOCKOUT_ATTEMPTS"],
        lockout=timedelta(seconds=config["LOGIN_LOCKOUT_SECONDS"]),
        per_account=_limit("LOGIN_RATE_LIMIT_PER_ACCOUNT"),
        per_address=_limit("LOGIN_RATE_LIMIT_PER_ADDRESS"),
    )


@bp.route("/login", methods=["GET", "POST"])
@role_required(None)
def login():
    """Sign in with email and password (failures are counted in the database)."""
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
        if plain_http_with_secure_cookie() and not on_loopback():
            flash(PLAIN_HTTP_MESSAGE, "error")  # sign-in cannot work: say so before it fails
    if form.validate_on_submit():
        address = get_remote_address()
        outcome = accounts.authenticate(
            db.session, form.email.data, form.password.data, login_policy(), address
        )
        user = outcome.user
        if user is not None:
            target = safe_next(form.next.data) or url_for("admin.home")
            session.clear()  # a fresh session (and CSRF token) for the signed-in account
            login_user(user)
            session.permanent = True
            session[LAST_SEEN] = int(time.time())
            return redirect(target)
        current_app.logger.warning("Refused sign-in from %s", address)
        form.password.errors = [LOGIN_LIMITED if outcome.limited else LOGIN_REFUSED]
        status = 429 if outcome.limited else 200
        return render_template("admin/login.html", form=form), status
    status = 400 if request.method == "POST" else 200
    return render_template("admin/login.html", form=form), status


@bp.post("/logout")
@role_required(None)
def logout():
    """Sign out and forget the session."""
    form = LogoutForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        # Every session of the account ends, also copies of this cookie.
        accounts.end_sessions(db.session, current_user._get_current_object())
        logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("admin.login"))
