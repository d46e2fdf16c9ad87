"""Signing in and out: one answer for any failure, lockout, rate limits, idle timeout."""

from __future__ import annotations

from flask import Flask

from app.extensions import db
from app.models import User
from tests.admin.helpers import PASSWORD, csrf_token, login, make_user, page_token, signed_in


def _message(response) -> str:  # noqa: ANN001
    html = response.get_data(as_text=True)
    start = html.index('class="field-errors"')
    return html[start : html.index("</ul>", start)]


def test_a_right_password_signs_in(admin_app: Flask) -> None:
    make_user(admin_app, "e@example.org")
    response = login(admin_app.test_client(), "e@example.org")
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"


def test_unknown_email_and_wrong_password_get_the_same_answer(admin_app: Flask) -> None:
    make_user(admin_app, "e@example.org")
    wrong_password = login(admin_app.test_client(), "e@example.org", "not the password")
    unknown_email = login(admin_app.test_client(), "nobody@example.org", "not the password")
    assert wrong_password.status_code == unknown_email.status_code == 200
    assert _message(wrong_password) == _message(unknown_email)


def test_repeated_wrong_passwords_lock_the_account(admin_app: Flask) -> None:
    make_user(admin_app, "e@example.org")
    client = admin_app.test_client()
    for _ in range(admin_app.config["LOGIN_LOCKOUT_ATTEMPTS"]):
        login(client, "e@example.org", "wrong password!")
    response = login(client, "e@example.org", PASSWORD)
    assert response.status_code == 200  # the right password no longer works for a while
    with admin_app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "e@example.org"))
        assert user.locked_until is not None


def test_many_failed_sign_ins_for_one_account_are_rate_limited(admin_app: Flask) -> None:
    admin_app.config["LOGIN_RATE_LIMIT_PER_ACCOUNT"] = "3 per minute"
    client = admin_app.test_client()
    statuses = [login(client, "target@example.org", "guess").status_code for _ in range(5)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3:] == [429, 429]


def test_many_failed_sign_ins_from_one_address_are_rate_limited(admin_app: Flask) -> None:
    admin_app.config["LOGIN_RATE_LIMIT_PER_ADDRESS"] = "3 per minute"
    client = admin_app.test_client()
    statuses = [login(client, f"user{i}@example.org", "guess").status_code for i in range(5)]
    assert statuses[3:] == [429, 429]


def test_a_password_is_never_shown_back(admin_app: Flask) -> None:
    response = login(admin_app.test_client(), "x@example.org", "secret-password-123")
    assert "secret-password-123" not in response.get_data(as_text=True)


def test_sign_in_renews_the_session(admin_app: Flask) -> None:
    make_user(admin_app, "e@example.org")
    client = admin_app.test_client()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, "e@example.org")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.permanent


def test_sign_out_ends_the_session(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    token = page_token(client, "/admin/")
    client.post("/admin/logout", data={"csrf_token": token})
    assert client.get("/admin/").status_code == 302


def test_an_idle_session_is_signed_out(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    with client.session_transaction() as session:
        session["admin_last_seen"] -= admin_app.config["ADMIN_IDLE_TIMEOUT_SECONDS"] + 1
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login")


def test_a_forged_csrf_token_is_refused(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    response = client.post(
        "/admin/designations/new", data={"csrf_token": "forged", "primary_name": "X"}
    )
    assert response.status_code == 400
    assert "form expired" in response.get_data(as_text=True)


def test_a_sign_in_without_csrf_token_is_refused(admin_app: Flask) -> None:
    make_user(admin_app, "e@example.org")
    response = admin_app.test_client().post(
        "/admin/login", data={"email": "e@example.org", "password": PASSWORD}
    )
    assert response.status_code == 400


def test_cookies_are_secure_httponly_and_samesite_in_production() -> None:
    from config import ProductionConfig

    assert ProductionConfig.SESSION_COOKIE_SECURE
    assert ProductionConfig.SESSION_COOKIE_HTTPONLY
    assert ProductionConfig.SESSION_COOKIE_SAMESITE == "Lax"


def test_the_sign_in_page_has_a_csrf_token(admin_app: Flask) -> None:
    assert csrf_token(admin_app.test_client().get("/admin/login").get_data(as_text=True))


def _copy_of_cookies(client) -> dict[str, str]:  # noqa: ANN001
    return {cookie.key: cookie.value for cookie in client._cookies.values()}


def test_a_cookie_copied_before_sign_out_no_longer_opens_the_admin_area(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    stolen = _copy_of_cookies(client)
    client.post("/admin/logout", data={"csrf_token": page_token(client, "/admin/")})
    thief = admin_app.test_client()
    for name, value in stolen.items():
        thief.set_cookie(name, value)
    response = thief.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login")


def test_sign_out_ends_every_session_of_the_account(admin_app: Flask) -> None:
    laptop = signed_in(admin_app)
    phone = admin_app.test_client()
    login(phone, "editor@example.org")
    laptop.post("/admin/logout", data={"csrf_token": page_token(laptop, "/admin/")})
    assert phone.get("/admin/").status_code == 302


def test_failures_from_one_address_never_lock_out_a_right_password(admin_app: Flask) -> None:
    admin_app.config["LOGIN_RATE_LIMIT_PER_ADDRESS"] = "3 per minute"
    make_user(admin_app, "e@example.org")
    client = admin_app.test_client()
    for i in range(6):  # other people behind the same proxy mistype their passwords
        login(client, f"user{i}@example.org", "guess")
    assert login(client, "e@example.org", "wrong!").status_code == 429
    assert login(client, "e@example.org").status_code == 302


def test_an_admin_unlock_clears_the_lockout_and_the_account_limit(admin_app: Flask) -> None:
    admin_app.config["LOGIN_RATE_LIMIT_PER_ACCOUNT"] = "6 per 15 minutes"
    admin = signed_in(admin_app, "admin")
    make_user(admin_app, "e@example.org")
    attacker = admin_app.test_client()
    statuses = [login(attacker, "e@example.org", "guess").status_code for _ in range(8)]
    assert statuses[-1] == 429
    assert login(admin_app.test_client(), "e@example.org").status_code == 429
    with admin_app.app_context():
        user_id = db.session.scalar(db.select(User.id).where(User.email == "e@example.org"))
    token = page_token(admin, f"/admin/users/{user_id}")
    saved = admin.post(
        f"/admin/users/{user_id}",
        data={"csrf_token": token, "role": "editor", "active": "y", "password": ""},
    )
    assert saved.status_code == 302
    assert login(admin_app.test_client(), "e@example.org").status_code == 302


def test_a_locked_account_is_refused_even_with_the_right_password(admin_app: Flask) -> None:
    make_user(admin_app, "e@example.org")
    for _ in range(admin_app.config["LOGIN_LOCKOUT_ATTEMPTS"]):
        login(admin_app.test_client(), "e@example.org", "guess")
    response = login(admin_app.test_client(), "e@example.org")
    assert response.status_code == 200
    assert "Wrong email or password" in _message(response)
