"""The account page: one's API tokens (create, list with last use, revoke) and password."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from app.admin import bp
from app.admin.access import role_required
from app.extensions import db
from app.services import api_tokens


class TokenForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[
            DataRequired(message="Give the token a name."),
            Length(max=api_tokens.NAME_MAX_LENGTH),
        ],
        description="What will use it, e.g. the nightly client batch.",
    )


class RevokeForm(FlaskForm):
    """Revoke a token: a POST with its CSRF token."""


def _page(form: TokenForm, new_token: str | None = None, status: int = 200):  # noqa: ANN202
    user = current_user._get_current_object()
    return render_template(
        "admin/account.html",
        form=form,
        revoke_form=RevokeForm(),
        tokens=api_tokens.tokens_of(db.session, user),
        new_token=new_token,
    ), status


@bp.get("/account")
@role_required("analyst")
def account():
    """One's account: API tokens and a link to change the password."""
    return _page(TokenForm(formdata=None))


@bp.post("/account/tokens")
@role_required("analyst")
def create_api_token():
    """Create an API token; its text is shown on this answer only."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, status=400)
    try:
        _token, text = api_tokens.create_token(
            db.session, current_user._get_current_object(), form.name.data
        )
    except api_tokens.TokenError as error:
        form.name.errors = [error.message]
        return _page(form, status=400)
    return _page(TokenForm(formdata=None), new_token=text, status=201)


@bp.post("/account/tokens/<int:token_id>/revoke")
@role_required("analyst")
def revoke_api_token(token_id: int):
    """Revoke one of one's tokens: it stops working at once."""
    if not RevokeForm().validate_on_submit():
        abort(400)
    if api_tokens.revoke(db.session, token_id, current_user._get_current_object()):
        flash("The token is revoked.", "success")
    else:
        abort(404)
    return redirect(url_for("admin.account"), 303)
