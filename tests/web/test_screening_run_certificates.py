"""Certificates of stored screening runs: issued by the run's owner, seen only by them."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.runners import run_import
from app.services import accounts, api_tokens
from app.services.audit import CLI
from tests.builders import sdn_row, write_ofac_set

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _key_in_tmp(app, tmp_path) -> None:
    app.config["CERTIFICATE_KEY_PATH"] = str(tmp_path / "certificate-key.pem")


@pytest.fixture
def listed(app, tmp_path):
    run_import("ofac-csv", write_ofac_set(tmp_path / "v1", [sdn_row(101, "OSTROVSKY, Lev")]))


def _token(email: str, role: str = "analyst") -> str:
    user = accounts.get_user_by_email(db.session, email) or accounts.create_user(
        db.session, email, PASSWORD, role, 12, CLI
    )
    return api_tokens.create_token(db.session, user, "tests")[1]


def _auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _run(client, token: str) -> str:
    names = [{"name": "Lev Ostrovsky", "reference": "C-1"}, {"name": "Zebulon Quxworthy"}]
    response = client.post("/api/v1/screen", json={"names": names}, headers=_auth(token))
    return response.get_json()["screening_id"]


def _decide(client, token: str, run_id: str) -> None:
    run = client.get(f"/api/v1/screenings/{run_id}", headers=_auth(token)).get_json()
    hit_id = run["rows"][0]["hits"][0]["hit_id"]
    client.post(
        f"/api/v1/screenings/{run_id}/hits/{hit_id}/decision",
        json={"decision": "false_positive", "reason": "Client born 1990"},
        headers=_auth(token),
    )


def test_the_owner_certifies_a_run_with_its_hits_and_decisions(client, listed):
    token = _token("ana@example.org")
    run_id = _run(client, token)
    _decide(client, token, run_id)
    response = client.post(
        "/api/v1/certificates", json={"screening_id": run_id}, headers=_auth(token)
    )
    assert response.status_code == 201
    body = response.get_json()["document"]["certificate"]
    assert body["kind"] == "screening" and body["screening"]["id"] == run_id
    (hit,) = body["rows"][0]["hits"]
    assert hit["decision"]["decision"] == "false_positive"
    verdict = client.post("/api/v1/certificates/verify", json=response.get_json()["document"])
    assert verdict.get_json()["intact"] is True


def test_another_accounts_run_is_not_found(client, listed):
    run_id = _run(client, _token("ana@example.org"))
    response = client.post(
        "/api/v1/certificates",
        json={"screening_id": run_id},
        headers=_auth(_token("bob@example.org")),
    )
    assert response.status_code == 404


def test_a_runs_certificate_is_hidden_from_others_and_the_public(client, listed):
    token = _token("ana@example.org")
    issued = client.post(
        "/api/v1/certificates", json={"screening_id": _run(client, token)}, headers=_auth(token)
    ).get_json()
    path = f"/api/v1/certificates/{issued['id']}"
    assert client.get(path, headers=_auth(token)).status_code == 200
    assert client.get(path, headers=_auth(_token("bob@example.org"))).status_code == 404
    assert client.get(path).status_code == 404
    assert client.get(f"/certificates/{issued['id']}").status_code == 404


def test_the_run_page_button_issues_the_certificate(client, listed):
    token = _token("ana@example.org")
    run_id = _run(client, token)
    client.post("/admin/login", data={"email": "ana@example.org", "password": PASSWORD})
    page = client.get(f"/admin/screenings/{run_id}").get_data(as_text=True)
    assert "Certificate of this run" in page
    response = client.post(f"/admin/screenings/{run_id}/certificate", data={})
    assert response.status_code == 303 and "/certificates/" in response.headers["Location"]
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Lev Ostrovsky" in shown
