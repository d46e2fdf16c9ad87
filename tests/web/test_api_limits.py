"""The API's cost limits: the screening budget, per-client rate limits, and their settings."""

from __future__ import annotations

import importlib
import time

import pytest
from limits import parse

import config as config_module
from app import create_app


def _names(count: int, length: int) -> list[dict]:
    return [{"name": ("Ivanov Petrov Sidorov " * 20)[:length]} for _ in range(count)]


def test_a_request_over_the_character_budget_is_a_413_before_any_work(seeded_app, seeded_client):
    started = time.perf_counter()
    response = seeded_client.post("/api/v1/screen", json={"names": _names(1000, 300)})
    assert time.perf_counter() - started < 1.0
    assert response.status_code == 413
    error = response.get_json()["error"]
    assert "SCREENING_API_MAX_CHARS" in error["message"]
    assert error["max_chars"] == seeded_app.config["SCREENING_API_MAX_CHARS"]
    assert error["parameter"] == "names"


def test_many_short_names_count_at_least_the_minimum_each(seeded_app, seeded_client):
    minimum = seeded_app.config["SCREENING_API_NAME_MIN_CHARS"]
    count = seeded_app.config["SCREENING_API_MAX_CHARS"] // minimum + 1
    response = seeded_client.post("/api/v1/screen", json={"names": _names(count, 5)})
    assert response.status_code == 413


def test_a_request_within_the_budget_is_screened(seeded_app, seeded_client):
    seeded_app.config["SCREENING_API_MAX_CHARS"] = 600
    response = seeded_client.post("/api/v1/screen", json={"names": _names(2, 300)})
    assert response.status_code == 200
    assert response.get_json()["total"] == 2


def test_screening_is_rate_limited_per_client(app, client):
    app.config["SCREENING_API_RATE_LIMIT"] = "2 per minute"
    body = {"names": [{"name": "Ivan Petrov"}]}
    statuses = [client.post("/api/v1/screen", json=body).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    other = client.post("/api/v1/screen", json=body, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert other.status_code == 200


def test_searches_and_compares_are_rate_limited_with_a_json_answer(app, client):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    statuses = [client.get("/api/v1/compare?a=Ivan&b=Iwan").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    error = client.get("/api/v1/compare?a=Ivan&b=Iwan").get_json()["error"]
    assert "3 per 1 minute" in error["message"]


@pytest.mark.parametrize("setting", ["API_RATE_LIMIT", "PUBLIC_RATE_LIMIT"])
def test_default_limits_leave_room_for_6000_searches_a_minute(setting):
    item = parse(getattr(config_module.Config, setting))
    assert item.amount * 60 / item.get_expiry() >= 6000


def test_ratelimit_enabled_false_in_the_environment_turns_limits_off(monkeypatch, tmp_path):
    monkeypatch.setenv("RATELIMIT_ENABLED", "false")
    monkeypatch.setenv("API_RATE_LIMIT", "1 per minute")
    reloaded = importlib.reload(config_module)
    try:
        app = create_app(reloaded.TestingConfig, SQLALCHEMY_DATABASE_URI="sqlite://")
        client = app.test_client()
        statuses = [client.get("/api/v1/compare?a=Ivan&b=Iwan").status_code for _ in range(3)]
    finally:
        monkeypatch.undo()
        importlib.reload(config_module)
    assert statuses == [200, 200, 200]


def test_a_screening_waits_for_its_turn_then_gets_a_503(app, client):
    from app.security import work_slot

    app.config["SCREENING_API_WAIT_SECONDS"] = 0.2
    slot = work_slot("api-screen", app.config["SCREENING_API_CONCURRENCY"])
    assert slot.acquire(timeout=5)  # another request is screening
    try:
        response = client.post("/api/v1/screen", json={"names": [{"name": "Ivan Petrov"}]})
    finally:
        slot.release()
    assert response.status_code == 503
    assert "busy" in response.get_json()["error"]["message"]
    assert client.post("/api/v1/screen", json={"names": [{"name": "Ivan"}]}).status_code == 200
