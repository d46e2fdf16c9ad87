"""Admin pages as a new user found them (issue 10): styles, sign-in state, password fields."""

from __future__ import annotations

import re

from flask import Flask

from app.admin.forms import IMPORT_FORMATS
from tests.admin.helpers import signed_in


def test_the_sign_in_page_stylesheet_loads_without_signing_in(admin_app: Flask) -> None:
    client = admin_app.test_client()
    page = client.get("/admin/login").get_data(as_text=True)
    href = re.search(r'<link rel="stylesheet" href="(/admin/static/[^"]+)"', page).group(1)
    with client.get(href) as response:
        assert response.status_code == 200
        assert response.mimetype == "text/css"


def test_other_admin_pages_still_need_a_sign_in(admin_app: Flask) -> None:
    assert admin_app.test_client().get("/admin/imports").status_code == 302


def test_the_footer_offers_sign_in_only_to_the_signed_out(admin_app: Flask) -> None:
    assert "Staff sign-in" in admin_app.test_client().get("/about").get_data(as_text=True)
    page = signed_in(admin_app).get("/about").get_data(as_text=True)
    assert "Staff sign-in" not in page
    assert "Staff area" in page and "editor@example.org" in page


def test_the_sign_in_page_says_who_is_signed_in_already(admin_app: Flask) -> None:
    page = signed_in(admin_app).get("/admin/login").get_data(as_text=True)
    assert "You are signed in as editor@example.org" in page


def _autocomplete(page: str) -> dict[str, str]:
    fields = re.findall(r"<input [^>]*type=\"password\"[^>]*>", page)
    return {
        re.search(r'name="([^"]+)"', f).group(1): re.search(r'autocomplete="([^"]+)"', f).group(1)
        for f in fields
    }


def test_password_fields_say_which_password_they_want(admin_app: Flask) -> None:
    anonymous = admin_app.test_client().get("/admin/login").get_data(as_text=True)
    assert _autocomplete(anonymous) == {"password": "current-password"}
    admin = signed_in(admin_app, role="admin")
    own = admin.get("/admin/account/password").get_data(as_text=True)
    assert _autocomplete(own) == {
        "current": "current-password",
        "password": "new-password",
        "confirm": "new-password",
    }
    new_user = admin.get("/admin/users/new").get_data(as_text=True)
    assert _autocomplete(new_user) == {"password": "new-password", "confirm": "new-password"}


def test_the_admin_home_names_every_import_format(admin_app: Flask) -> None:
    page = signed_in(admin_app).get("/admin/").get_data(as_text=True)
    for _, label in IMPORT_FORMATS:
        assert label in page
