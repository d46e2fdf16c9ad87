"""Staff accounts: the create-user command, admin account pages, password rules."""

from __future__ import annotations

from flask import Flask

from app.extensions import db
from app.models import User
from app.services import accounts
from tests.admin.helpers import PASSWORD, csrf_token, login, signed_in


def test_create_user_asks_for_the_password(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["create-user", "Boss@Example.org", "--role", "admin"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    user = db.session.scalar(db.select(User))
    assert (user.email, user.role) == ("boss@example.org", "admin")
    assert user.password_hash.startswith("scrypt:")


def test_create_user_refuses_a_short_password(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["create-user", "e@example.org"], input="short\nshort\n"
    )
    assert result.exit_code == 1
    assert "at least" in result.output
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_the_password_is_not_a_command_line_option(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["create-user", "e@example.org", "--password", "x"])
    assert result.exit_code != 0


def test_an_admin_creates_an_account_that_can_sign_in(admin_app: Flask) -> None:
    client = signed_in(admin_app, "admin")
    html = client.get("/admin/users/new").get_data(as_text=True)
    response = client.post(
        "/admin/users/new",
        data={
            "csrf_token": csrf_token(html),
            "email": "new@example.org",
            "role": "editor",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert login(admin_app.test_client(), "new@example.org").status_code == 302


def test_an_admin_disabling_an_account_signs_it_out(admin_app: Flask) -> None:
    editor = signed_in(admin_app, "editor")
    admin = signed_in(admin_app, "admin")
    with admin_app.app_context():
        editor_id = accounts.get_user_by_email(db.session, "editor@example.org").id
    html = admin.get(f"/admin/users/{editor_id}").get_data(as_text=True)
    admin.post(
        f"/admin/users/{editor_id}",
        data={"csrf_token": csrf_token(html), "role": "editor", "password": ""},
    )
    assert editor.get("/admin/").status_code == 302


def test_a_short_password_is_refused_by_the_form(admin_app: Flask) -> None:
    client = signed_in(admin_app, "admin")
    html = client.get("/admin/users/new").get_data(as_text=True)
    response = client.post(
        "/admin/users/new",
        data={
            "csrf_token": csrf_token(html),
            "email": "new@example.org",
            "role": "editor",
            "password": "short",
            "confirm": "short",
        },
    )
    assert response.status_code == 400
    assert "at least" in response.get_data(as_text=True)
