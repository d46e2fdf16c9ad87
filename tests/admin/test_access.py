"""Who may open which admin page: every admin route, as anonymous, analyst, editor, admin."""

from __future__ import annotations

import pytest
from flask import Flask

from app.admin.access import DEFAULT_ROLE
from app.models import ROLES
from tests.admin.helpers import login, make_user, page_token, signed_in

SAMPLE_ARGS = {
    "designation_id": 1,
    "entry_id": 1,
    "user_id": 1,
    "token": "x" * 32,
    "filename": "admin.css",
    "link_id": 1,
    "job_id": "x" * 32,
    "run_id": "x" * 24,
    "hit_id": 1,
    "token_id": 1,
    "list_id": 1,
    "digest_id": 1,
    "row_id": 1,
}
OPEN_ENDPOINTS = {"admin.login", "admin.logout", "admin.static"}


def _admin_routes(app: Flask) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every admin route, with sample arguments."""
    routes = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith("admin.") or rule.endpoint in OPEN_ENDPOINTS:
                continue
            url = rule.build({a: SAMPLE_ARGS[a] for a in rule.arguments})[1]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                routes.append((rule.endpoint, method, url))
    return routes


def _required_role(app: Flask, endpoint: str) -> str:
    return getattr(app.view_functions[endpoint], "required_role", DEFAULT_ROLE)


def test_every_admin_route_is_listed(admin_app: Flask) -> None:
    endpoints = {endpoint for endpoint, _, _ in _admin_routes(admin_app)}
    assert {
        "admin.new_designation",
        "admin.users",
        "admin.imports",
        "admin.audit_trail",
        "admin.links",
        "admin.decide_link",
        "admin.job_list",
        "admin.job",
        "admin.job_cancel",
        "admin.job_retry",
    } <= endpoints


def test_anonymous_html_requests_are_sent_to_sign_in_with_next(admin_app: Flask) -> None:
    client = admin_app.test_client()
    token = page_token(client, "/admin/login")  # so POSTs pass CSRF and meet the guard
    for endpoint, method, url in _admin_routes(admin_app):
        response = client.open(url, method=method, data={"csrf_token": token})
        if getattr(admin_app.view_functions[endpoint], "answers_json", False):
            assert response.status_code == 401, endpoint
            continue
        assert response.status_code == 302, (endpoint, method)
        assert response.headers["Location"].startswith("/admin/login?next="), endpoint


def test_anonymous_json_requests_get_401(admin_app: Flask) -> None:
    client = admin_app.test_client()
    token = page_token(client, "/admin/login")
    for endpoint, method, url in _admin_routes(admin_app):
        response = client.open(
            url, method=method, data={"csrf_token": token}, headers={"Accept": "application/json"}
        )
        assert response.status_code == 401, (endpoint, method)
        assert response.get_json()["error"]["status"] == 401


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_the_routes_it_may(admin_app: Flask, role: str) -> None:
    client = signed_in(admin_app, role)
    for endpoint, method, url in _admin_routes(admin_app):
        if method != "GET":
            continue
        response = client.get(url)
        allowed = ROLES.index(role) >= ROLES.index(_required_role(admin_app, endpoint))
        if allowed:
            assert response.status_code in (200, 302, 404), (endpoint, response.status_code)
        else:
            assert response.status_code == 403, (endpoint, response.status_code)


def test_an_editor_gets_403_json_on_a_user_admin_route(admin_app: Flask) -> None:
    client = signed_in(admin_app, "editor")
    response = client.get("/admin/users", headers={"Accept": "application/json"})
    assert response.status_code == 403
    assert response.get_json()["error"]["status"] == 403


def test_the_sign_in_page_is_open_to_everyone(admin_app: Flask) -> None:
    assert admin_app.test_client().get("/admin/login").status_code == 200


def test_next_takes_the_user_back_to_a_local_page(admin_app: Flask) -> None:
    make_user(admin_app, "e@example.org")
    response = login(
        admin_app.test_client(), "e@example.org", next_path="/admin/audit?action=create"
    )
    assert response.headers["Location"] == "/admin/audit?action=create"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
        "\\\\evil",
    ],
)
def test_next_never_leaves_the_site(admin_app: Flask, target: str) -> None:
    make_user(admin_app, "e@example.org")
    response = login(admin_app.test_client(), "e@example.org", next_path=target)
    assert response.headers["Location"] == "/admin/"


def test_the_sign_in_form_drops_a_foreign_next_from_the_address(admin_app: Flask) -> None:
    html = admin_app.test_client().get("/admin/login?next=https://evil.example/").get_data(True)
    assert "evil.example" not in html
