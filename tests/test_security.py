"""Request hardening: trusted hosts, the proxy's headers, JSON bodies, security headers."""

from __future__ import annotations

import importlib
import json

import pytest
from flask import Flask

import config as config_module
from app import create_app


@pytest.fixture
def production(monkeypatch, tmp_path):
    """A production app factory on a migrated copy of the empty database."""

    def make(**env: str) -> Flask:
        monkeypatch.setenv("SECRET_KEY", "production-test-key")
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        reloaded = importlib.reload(config_module)
        return create_app(
            reloaded.ProductionConfig,
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'prod.sqlite'}",
        )

    yield make
    monkeypatch.undo()
    importlib.reload(config_module)


@pytest.mark.parametrize("path", ["/", "/api/v1/search?q=Ivanov", "/export.csv", "/admin/login"])
def test_an_untrusted_host_header_is_refused(client, path):
    response = client.get(path, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert b"evil.example" not in response.data


def test_screening_with_an_untrusted_host_is_refused(seeded_client):
    response = seeded_client.post(
        "/api/v1/screen",
        json={"names": [{"name": "Kuznetsov Artem"}]},
        headers={"Host": "evil.example"},
    )
    assert response.status_code == 400
    assert b"evil.example" not in response.data


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1:5000", "[::1]:8080", "localhost:80"])
def test_local_hosts_on_any_port_are_trusted_in_testing(client, host):
    assert client.get("/about", headers={"Host": host}).status_code == 200


def test_api_urls_name_the_trusted_host_not_the_header(seeded_client):
    response = seeded_client.get(
        "/api/v1/search?q=Kuznetsov Artem", headers={"Host": "127.0.0.1:5000"}
    )
    urls = [r["url"] for r in response.get_json()["results"]]
    assert urls and all(u.startswith("http://127.0.0.1:5000/") for u in urls)


def test_production_refuses_to_start_without_trusted_hosts(production, monkeypatch):
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    with pytest.raises(RuntimeError, match="TRUSTED_HOSTS"):
        production()


def test_production_answers_only_its_trusted_hosts(production):
    app = production(TRUSTED_HOSTS="sanctions.example.org")
    client = app.test_client()
    trusted = client.get("/api/v1/openapi.json", headers={"Host": "sanctions.example.org"})
    assert trusted.status_code == 200
    assert client.get("/about", headers={"Host": "localhost"}).status_code == 400


def test_behind_an_https_proxy_the_original_scheme_and_client_are_seen(production):
    app = production(TRUSTED_HOSTS="sanctions.example.org", PROXY_FIX_X_PROTO="1")
    response = app.test_client().get(
        "/api/v1/openapi.json",
        headers={"Host": "sanctions.example.org", "X-Forwarded-Proto": "https"},
    )
    assert response.status_code == 200
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_without_proxy_settings_forwarded_headers_are_ignored(client):
    response = client.get(
        "/admin/login", headers={"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"}
    )
    assert response.status_code == 200
    assert b"evil.example" not in response.data


def test_admin_pages_are_never_cached(client):
    assert client.get("/admin/login").headers["Cache-Control"] == "no-store"


def test_the_sign_in_page_over_plain_http_in_production_names_the_setting(production):
    app = production(TRUSTED_HOSTS="sanctions.example.org")
    page = app.test_client().get("/admin/login", headers={"Host": "sanctions.example.org"})
    assert "SESSION_COOKIE_SECURE" in page.get_data(as_text=True)


def test_a_refused_sign_in_over_plain_http_in_production_names_the_setting(production):
    app = production(TRUSTED_HOSTS="localhost")
    client = app.test_client()
    client.get("/admin/login")
    client.delete_cookie("session")  # the browser kept the Secure cookie to itself
    response = client.post("/admin/login", data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "SESSION_COOKIE_SECURE" in text and "PROXY_FIX_X_PROTO" in text


@pytest.mark.parametrize("depth", [100_000, 1_000_000])
def test_deeply_nested_json_is_a_400_not_a_500(client, depth):
    body = "[" * depth + "]" * depth
    response = client.post("/api/v1/screen", data=body, content_type="application/json")
    assert response.status_code == 400
    assert "body" in response.get_json()["error"]["message"]


def test_deeply_nested_json_objects_are_a_400_too(client):
    body = '{"names": ' + '{"a": ' * 100_000 + "1" + "}" * 100_000 + "}"
    response = client.post("/api/v1/screen", data=body, content_type="application/json")
    assert response.status_code == 400
    json.dumps(response.get_json())
