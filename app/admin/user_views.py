"""Accounts: admins create staff accounts and change their role, access or password;
everyone changes their own password."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_user

from app.admin import bp
from app.admin.access import LAST_SEEN, role_required
from app.admin.auth import login_policy
from app.admin.forms import NewUserForm, OwnPasswordForm, UserAccessForm
from app.extensions import db
from app.services import accounts
from app.services.audit import Actor


@bp.get("/users")
@role_required("admin")
def users():
    """All staff accounts."""
    return render_template(
        "admin/users.html", users=accounts.list_users(db.session), is_locked=accounts.is_locked
    )


@bp.route("/users/new", methods=["GET", "POST"])
@role_required("admin")
def new_user():
    """Create a staff account."""
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            accounts.create_user(
                db.session,
                form.email.data,
                form.password.data,
                form.role.data,
                current_app.config["PASSWORD_MIN_LENGTH"],
                Actor.for_user(current_user),
            )
        except accounts.AccountError as error:
            db.session.rollback()
            form[error.field].errors = [error.message]
            return render_template("admin/user_new.html", form=form), 400
        flash(f"Account {accounts.normalise_email(form.email.data)} created.", "success")
        return redirect(url_for("admin.users"))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/user_new.html", form=form), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def edit_user(user_id: int):
    """Change an account's role, access or password (and unlock it)."""
    user = accounts.get_user(db.session, user_id)
    if user is None:
        abort(404)
    form = UserAccessForm(data={"role": user.role, "active": user.active})
    if form.validate_on_submit():
        actor = Actor.for_user(current_user)
        try:
            if form.password.data:  # refuse a short password before changing anything
                accounts.check_password_rules(
                    form.password.data, current_app.config["PASSWORD_MIN_LENGTH"]
                )
            accounts.update_access(db.session, user, form.role.data, form.active.data, actor)
            if form.password.data:
                accounts.set_password(
                    db.session,
                    user,
                    form.password.data,
                    current_app.config["PASSWORD_MIN_LENGTH"],
                    actor,
                )
        except accounts.AccountError as error:
            db.session.rollback()
            form[error.field].errors = [error.message]
            return render_template("admin/user_edit.html", form=form, user=user), 400
        flash(f"Account {user.email} saved.", "success")
        return redirect(url_for("admin.users"))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/user_edit.html", form=form, user=user), status


@bp.route("/account/password", methods=["GET", "POST"])
@role_required("analyst")
def own_password():
    """Change one's own password (the current one first); other sessions are signed out."""
    form = OwnPasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            accounts.change_own_password(
                db.session,
                user,
                form.current.data,
                form.password.data,
                login_policy(),
                current_app.config["PASSWORD_MIN_LENGTH"],
            )
        except accounts.AccountError as error:
            db.session.rollback()
            form[error.field].errors = [error.message]
            return render_template("admin/own_password.html", form=form), 400
        # The new session token signed every session out, this one too: sign it back in.
        last_seen = session.get(LAST_SEEN)
        session.clear()
        login_user(user)
        session.permanent = True
        if last_seen is not None:
            session[LAST_SEEN] = last_seen
        flash("Your password is changed; your other sessions are signed out.", "success")
        return redirect(url_for("admin.home"))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/own_password.html", form=form), status
