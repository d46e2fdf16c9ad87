"""Builders for admin tests: accounts, signed-in clients, designation form data."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import User
from app.services import accounts
from app.services.audit import CLI

PASSWORD = "correct horse battery staple"
_CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def make_user(app: Flask, email: str = "editor@example.org", role: str = "editor") -> User:
    with app.app_context():
        user = accounts.create_user(
            db.session, email, PASSWORD, role, app.config["PASSWORD_MIN_LENGTH"], CLI
        )
        db.session.expunge(user)
    return user


def csrf_token(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1) or match.group(2)


def page_token(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return csrf_token(response.get_data(as_text=True))


def login(client: FlaskClient, email: str, password: str = PASSWORD, next_path: str = ""):
    token = page_token(client, "/admin/login")
    return client.post(
        "/admin/login",
        data={"email": email, "password": password, "csrf_token": token, "next": next_path},
    )


def signed_in(app: Flask, role: str = "editor", email: str | None = None) -> FlaskClient:
    email = email or f"{role}@example.org"
    make_user(app, email, role)
    client = app.test_client()
    response = login(client, email)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def designation_form(token: str, **fields: str) -> dict[str, str]:
    """The designation form as a browser posts it: one blank row per group, then ``fields``."""
    data = {
        "csrf_token": token,
        "kind": "individual",
        "primary_name": "Testov, Ivan Petrovich",
        "primary_script": "",
        "gender": "Male",
        "titles": "",
        "listed_on": "",
        "remarks": "",
        "names-0-full_name": "",
        "names-0-name_type": "aka",
        "names-0-quality": "strong",
        "names-0-script": "",
        "birth_dates-0-text": "",
        "birth_places-0-place": "",
        "nationalities-0-country": "",
        "nationalities-0-kind": "nationality",
        "identifiers-0-id_type": "",
        "identifiers-0-number": "",
        "identifiers-0-country": "",
        "identifiers-0-issued_on": "",
        "identifiers-0-expires_on": "",
        "identifiers-0-note": "",
        "addresses-0-address": "",
        "addresses-0-city": "",
        "addresses-0-country": "",
        "addresses-0-note": "",
        "measures-0-measure_type": "asset_freeze",
        "measures-0-jurisdiction": "US",
        "measures-0-program": "",
        "measures-0-start_date": "",
        "measures-0-end_date": "",
        "source_refs-0-source": "",
        "source_refs-0-ref": "",
        "links-0-relation": "linked to",
        "links-0-target_name": "",
        "links-0-target_id": "",
    }
    data.update(fields)
    return data
