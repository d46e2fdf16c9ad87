"""Staff accounts: the create-user command, admin account pages, password rules."""

from __future__ import annotations

from flask import Flask

from app.extensions import db
from app.models import User
from app.services import accounts
from tests.admin.helpers import PASSWORD, csrf_token, login, page_token, signed_in


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


NEW_PASSWORD = "a brand new passphrase for this test"


def _change_own_password(client, current: str, new: str, confirm: str | None = None):  # noqa: ANN001
    token = page_token(client, "/admin/account/password")
    data = {"csrf_token": token, "current": current, "password": new, "confirm": confirm or new}
    return client.post("/admin/account/password", data=data)


def test_an_editor_changes_their_own_password_and_stays_signed_in(admin_app: Flask) -> None:
    client = signed_in(admin_app, "editor")
    response = _change_own_password(client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert login(admin_app.test_client(), "editor@example.org", NEW_PASSWORD).status_code == 302
    assert login(admin_app.test_client(), "editor@example.org", PASSWORD).status_code == 200


def test_changing_ones_password_signs_out_the_other_sessions(admin_app: Flask) -> None:
    client = signed_in(admin_app, "editor")
    other = admin_app.test_client()
    login(other, "editor@example.org")
    _change_own_password(client, PASSWORD, NEW_PASSWORD)
    assert other.get("/admin/").status_code == 302  # sent to sign in


def test_a_wrong_current_password_is_refused_and_changes_nothing(admin_app: Flask) -> None:
    client = signed_in(admin_app, "editor")
    response = _change_own_password(client, "not my password", NEW_PASSWORD)
    assert response.status_code == 400
    assert "not your current password" in response.get_data(as_text=True)
    assert login(admin_app.test_client(), "editor@example.org", PASSWORD).status_code == 302


def test_the_new_password_follows_the_rules(admin_app: Flask) -> None:
    client = signed_in(admin_app, "editor")
    short = _change_own_password(client, PASSWORD, "short")
    assert short.status_code == 400
    differ = _change_own_password(client, PASSWORD, NEW_PASSWORD, confirm="something else")
    assert "The passwords differ." in differ.get_data(as_text=True)


def test_the_own_password_page_needs_a_signed_in_account(admin_app: Flask) -> None:
    response = admin_app.test_client().get("/admin/account/password")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]
