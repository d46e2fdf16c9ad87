"""Stored screening runs over the API: tokens, 200/202, reading a run, deciding its hits."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry
from app.runners import run_import
from app.services import accounts, api_tokens
from app.services.audit import CLI
from tests.builders import sdn_row, write_ofac_set

PASSWORD = "correct horse battery staple"


@pytest.fixture
def listed(app, tmp_path):
    """Two people on an OFAC list of the test's own."""
    run_import(
        "ofac-csv",
        write_ofac_set(
            tmp_path / "v1", [sdn_row(101, "KARIMOV, Rustam"), sdn_row(102, "OSTROVSKY, Lev")]
        ),
    )
    return tmp_path


def _token(email: str = "analyst@example.org", role: str = "analyst") -> str:
    user = accounts.get_user_by_email(db.session, email) or accounts.create_user(
        db.session, email, PASSWORD, role, 12, CLI
    )
    return api_tokens.create_token(db.session, user, "tests")[1]


def _auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _screen(client, token: str | None, *names: str, **body):
    headers = _auth(token) if token else {}
    payload = {"names": [{"name": n, "reference": f"C-{i}"} for i, n in enumerate(names)], **body}
    return client.post("/api/v1/screen", json=payload, headers=headers)


def _first_hit(client, token: str, run_id: str) -> dict:
    document = client.get(f"/api/v1/screenings/{run_id}", headers=_auth(token)).get_json()
    return document["rows"][0]["hits"][0]


def _decide(client, token: str, run_id: str, hit_id: int, decision: str = "false_positive"):
    return client.post(
        f"/api/v1/screenings/{run_id}/hits/{hit_id}/decision",
        json={"decision": decision, "reason": "Client born 1990, listed person 1962"},
        headers=_auth(token),
    )


def test_a_screening_with_a_token_answers_200_with_its_screening_id(client, listed):
    response = _screen(client, _token(), "Rustam Karimov")
    assert response.status_code == 200
    assert response.get_json()["screening_id"]
    assert response.get_json()["results"][0]["matches"]


def test_a_screening_without_a_token_stores_nothing(client, listed):
    response = _screen(client, None, "Rustam Karimov")
    assert response.status_code == 200 and "screening_id" not in response.get_json()


@pytest.mark.parametrize(
    "header", ["Bearer sl_unknown", "Bearer", "Basic abc", "Bearer " + "x" * 500]
)
def test_a_bad_token_is_a_401_in_json(client, listed, header):
    response = client.post(
        "/api/v1/screen", json={"names": [{"name": "A"}]}, headers={"Authorization": header}
    )
    assert response.status_code == 401
    assert response.get_json()["error"]["status"] == 401


def test_a_revoked_token_is_a_401(client, listed):
    token = _token()
    user = accounts.get_user_by_email(db.session, "analyst@example.org")
    api_tokens.revoke(db.session, api_tokens.tokens_of(db.session, user)[0].id, user)
    assert _screen(client, token, "Rustam Karimov").status_code == 401


def test_a_batch_over_the_budget_answers_202_and_is_screened_in_the_background(app, client, listed):
    app.config["SCREENING_API_MAX_CHARS"] = 100
    token = _token()
    response = _screen(client, token, "Rustam Karimov", "Lev Ostrovsky", "Nobody Atall")
    assert response.status_code == 202
    body = response.get_json()
    document = client.get(body["status_url"], headers=_auth(token)).get_json()
    assert (document["id"], document["status"]) == (body["screening_id"], "done")
    assert [len(row["hits"]) > 0 for row in document["rows"]] == [True, True, False]


def test_a_run_shows_lists_rows_and_hits_with_score_and_explanation(client, listed):
    token = _token()
    run_id = _screen(client, token, "Rustam Karimov").get_json()["screening_id"]
    document = client.get(f"/api/v1/screenings/{run_id}", headers=_auth(token)).get_json()
    assert {"id", "status", "created_at", "lists", "rows"} <= set(document)
    assert document["lists"][0]["source"] == "ofac-sdn" and document["lists"][0]["digest"]
    hit = document["rows"][0]["hits"][0]
    assert {"hit_id", "subject", "score", "why", "measures", "decision"} <= set(hit)
    assert hit["decision"] is None and hit["subject"]["name"] == "KARIMOV, Rustam"


def test_reading_a_run_without_a_token_is_a_401(client, listed):
    run_id = _screen(client, _token(), "Rustam Karimov").get_json()["screening_id"]
    assert client.get(f"/api/v1/screenings/{run_id}").status_code == 401


def test_another_accounts_run_is_a_404(client, listed):
    run_id = _screen(client, _token(), "Rustam Karimov").get_json()["screening_id"]
    other = _token("other@example.org")
    assert client.get(f"/api/v1/screenings/{run_id}", headers=_auth(other)).status_code == 404
    hit_url = f"/api/v1/screenings/{run_id}/hits/1/decision"
    assert client.post(hit_url, json={}, headers=_auth(other)).status_code == 404


def test_an_admin_sees_every_accounts_run(client, listed):
    run_id = _screen(client, _token(), "Rustam Karimov").get_json()["screening_id"]
    admin = _token("admin@example.org", "admin")
    assert client.get(f"/api/v1/screenings/{run_id}", headers=_auth(admin)).status_code == 200


def test_a_decision_is_recorded_with_201_and_shown_on_the_run(client, listed):
    token = _token()
    run_id = _screen(client, token, "Rustam Karimov").get_json()["screening_id"]
    response = _decide(client, token, run_id, _first_hit(client, token, run_id)["hit_id"])
    assert response.status_code == 201
    decision = _first_hit(client, token, run_id)["decision"]
    assert decision["decision"] == "false_positive"
    assert (decision["by"], decision["confirmed_by"]) == ("analyst@example.org", None)


@pytest.mark.parametrize(
    ("body", "parameter"),
    [
        ({"decision": "cleared", "reason": "x"}, "decision"),
        ({"decision": "false_positive", "reason": ""}, "reason"),
        ({"decision": "false_positive", "reason": "x" * 5000}, "reason"),
        ({"decision": "false_positive"}, "reason"),
        ({"decision": "false_positive", "reason": "a\x00b"}, "reason"),
        ({"decision": ["escalated"], "reason": "x"}, "decision"),
        (["false_positive"], "body"),
    ],
)
def test_a_bad_decision_is_a_400_naming_the_field(client, listed, body, parameter):
    token = _token()
    run_id = _screen(client, token, "Rustam Karimov").get_json()["screening_id"]
    hit_id = _first_hit(client, token, run_id)["hit_id"]
    response = client.post(
        f"/api/v1/screenings/{run_id}/hits/{hit_id}/decision", json=body, headers=_auth(token)
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == parameter


def test_a_decided_hit_stays_closed_on_a_later_run(client, listed):
    token = _token()
    run_id = _screen(client, token, "Rustam Karimov").get_json()["screening_id"]
    _decide(client, token, run_id, _first_hit(client, token, run_id)["hit_id"])
    again = _screen(client, token, "Rustam Karimov").get_json()["screening_id"]
    hit = _first_hit(client, token, again)
    assert (hit["review_state"], hit["decision"]["decision"]) == ("decided", "false_positive")


def test_a_hit_reopens_when_an_import_changes_the_designation_naming_the_change(client, listed):
    token = _token()
    run_id = _screen(client, token, "Rustam Karimov").get_json()["screening_id"]
    _decide(client, token, run_id, _first_hit(client, token, run_id)["hit_id"])
    run_import(
        "ofac-csv",
        write_ofac_set(
            listed / "v2",
            [sdn_row(101, "KARIMOV, Rustam", program="GLOMAG"), sdn_row(102, "OSTROVSKY, Lev")],
        ),
    )
    again = _screen(client, token, "Rustam Karimov").get_json()["screening_id"]
    hit = _first_hit(client, token, again)
    assert hit["review_state"] == "changed"
    assert any("GLOMAG" in change for change in hit["changes_since_decision"])


def test_a_delisting_reopens_the_hit_as_delisted(client, listed):
    token = _token()
    run_id = _screen(client, token, "Rustam Karimov").get_json()["screening_id"]
    _decide(client, token, run_id, _first_hit(client, token, run_id)["hit_id"])
    run_import(
        "ofac-csv",
        write_ofac_set(listed / "v2", [sdn_row(102, "OSTROVSKY, Lev")]),
        force=True,
    )
    hit = _first_hit(client, token, run_id)
    assert hit["review_state"] == "changed"
    assert any(change.startswith("delisted") for change in hit["changes_since_decision"])


def _screening_api_routes(app) -> list[tuple[str, str]]:
    """(method, url) of every /api/v1/screenings route, with sample arguments."""
    routes = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if not rule.rule.startswith("/api/v1/screenings"):
                continue
            url = rule.build({"run_id": "x" * 24, "hit_id": 1})[1]
            routes += [(m, url) for m in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return routes


def test_every_screening_record_route_needs_a_token(app, client):
    routes = _screening_api_routes(app)
    assert len(routes) >= 3
    for method, url in routes:
        response = client.open(url, method=method, json={})
        assert response.status_code == 401, (method, url)
        assert response.get_json()["error"]["status"] == 401


def test_with_four_eyes_a_false_positive_stays_open_until_another_reviewer_confirms(
    app, client, listed
):
    app.config["REVIEW_FOUR_EYES"] = True
    first = _token()
    run_id = _screen(client, first, "Rustam Karimov").get_json()["screening_id"]
    hit_id = _first_hit(client, first, run_id)["hit_id"]
    assert _decide(client, first, run_id, hit_id).get_json()["review_state"] == (
        "awaiting_confirmation"
    )
    assert _decide(client, first, run_id, hit_id).get_json()["review_state"] == (
        "awaiting_confirmation"
    )
    admin = _token("admin@example.org", "admin")
    confirmed = _decide(client, admin, run_id, hit_id).get_json()
    assert confirmed["review_state"] == "decided"
    assert confirmed["decision"]["confirmed_by"] == "admin@example.org"


def test_a_decision_is_in_the_audit_trail(client, listed):
    token = _token()
    run_id = _screen(client, token, "Rustam Karimov").get_json()["screening_id"]
    _decide(client, token, run_id, _first_hit(client, token, run_id)["hit_id"])
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "hit-decision"))
    assert entry.actor == "analyst@example.org"
    assert entry.details["reason"] == "Client born 1990, listed person 1962"


def test_a_hit_id_beyond_the_databases_integers_is_a_404(client, listed):
    token = _token()
    run_id = _screen(client, token, "Rustam Karimov").get_json()["screening_id"]
    response = client.post(
        f"/api/v1/screenings/{run_id}/hits/{10**30}/decision",
        json={"decision": "escalated", "reason": "x"},
        headers=_auth(token),
    )
    assert response.status_code == 404


def test_a_name_with_a_control_character_is_stored_with_its_run(client, listed):
    response = _screen(client, _token(), "Rustam\x00 Karimov", "Lev Ostrovsky")
    assert response.status_code == 200
    assert response.get_json()["screening_id"]
