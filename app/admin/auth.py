"""Signing in and out of the admin area."""

from __future__ import annotations

import time
from datetime import timedelta

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user

from app.admin import bp
from app.admin.access import LAST_SEEN, role_required, safe_next
from app.admin.forms import LoginForm, LogoutForm
from app.errors import PLAIN_HTTP_MESSAGE, plain_http_with_secure_cookie
from app.extensions import db, limiter
from app.services import accounts

# The one answer to a refused sign-in, whether or not the email exists.
LOGIN_REFUSED = (
    "Wrong email or password. After several failed attempts an account is locked for a while."
)


def _login_failed(response) -> bool:  # noqa: ANN001
    return bool(g.get("login_failed"))


def _account_key() -> str:
    return "account:" + accounts.normalise_email(request.form.get("email", ""))


def login_policy() -> accounts.LoginPolicy:
    """The lockout settings, for sign-in and for checking one's current password."""
    config = current_app.config
    return accounts.LoginPolicy(
        lockout_attempts=config["LOGIN_LOCKOUT_ATTEMPTS"],
        lockout=timedelta(seconds=config["LOGIN_LOCKOUT_SECONDS"]),
    )


@bp.route("/login", methods=["GET", "POST"])
@role_required(None)
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT_PER_ADDRESS"],
    key_func=get_remote_address,
    methods=["POST"],
    deduct_when=_login_failed,
    scope="admin-login-address",
)
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT_PER_ACCOUNT"],
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_login_failed,
    scope="admin-login-account",
)
def login():
    """Sign in with email and password."""
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
        if plain_http_with_secure_cookie():
            flash(PLAIN_HTTP_MESSAGE, "error")
    if form.validate_on_submit():
        user = accounts.authenticate(
            db.session, form.email.data, form.password.data, login_policy()
        )
        if user is not None:
            target = safe_next(form.next.data) or url_for("admin.home")
            session.clear()  # a fresh session (and CSRF token) for the signed-in account
            login_user(user)
            session.permanent = True
            session[LAST_SEEN] = int(time.time())
            return redirect(target)
        g.login_failed = True
        current_app.logger.warning("Refused sign-in from %s", get_remote_address())
        form.password.errors = [LOGIN_REFUSED]
        return render_template("admin/login.html", form=form)
    status = 400 if request.method == "POST" else 200
    return render_template("admin/login.html", form=form), status


@bp.post("/logout")
@role_required(None)
def logout():
    """Sign out and forget the session."""
    form = LogoutForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("admin.login"))
