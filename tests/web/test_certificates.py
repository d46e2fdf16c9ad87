"""The certificate pages: the search page's button, the printable page, the public key."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.certified_search import signing_key
from app.extensions import db
from app.models import Certificate
from app.services import certificates
from app.services.signing import public_key_from_file
from tests.admin.helpers import PASSWORD, make_user
from tests.builders import create_designation

NOTHING = {"q": "Zebulon Quxworthy", "threshold": "0.85"}


@pytest.fixture(autouse=True)
def _key_in_tmp(app: Flask, tmp_path) -> None:
    app.config["CERTIFICATE_KEY_PATH"] = str(tmp_path / "certificate-key.pem")


def _issue(client: FlaskClient, data: dict) -> str:
    response = client.post("/certificates", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[1]


def _document(certificate_id: str) -> dict:
    return certificates.document_of(db.session.get(Certificate, certificate_id))


def test_a_search_that_matched_nothing_offers_a_certificate(client: FlaskClient) -> None:
    create_designation("KUZNETSOV, Artem")
    html = client.get("/search?q=Zebulon+Quxworthy").get_data(as_text=True)
    assert "No designation matched" in html
    assert 'action="/certificates"' in html and "Certificate of this search" in html


def test_a_refused_search_offers_no_certificate(client: FlaskClient) -> None:
    response = client.get("/search?q=Kuznetsov&birth_year=abc")
    assert response.status_code == 400
    assert "Certificate of this search" not in response.get_data(as_text=True)


def test_the_button_issues_a_certificate_and_shows_its_page(client: FlaskClient) -> None:
    certificate_id = _issue(client, NOTHING)
    html = client.get(f"/certificates/{certificate_id}").get_data(as_text=True)
    assert "Certificate of search" in html
    assert "the name “Zebulon Quxworthy” matched nothing at a score of 0.85 or more" in html
    assert "Nothing matched." in html


def test_the_page_prints_the_digest_exactly_as_in_the_json(client: FlaskClient) -> None:
    certificate_id = _issue(client, NOTHING)
    html = client.get(f"/certificates/{certificate_id}").get_data(as_text=True)
    shown = re.search(r'id="certificate-digest">([^<]+)<', html).group(1)
    served = client.get(f"/api/v1/certificates/{certificate_id}").get_json()
    assert shown == served["digest"] == _document(certificate_id)["digest"]


def test_the_button_certifies_the_search_with_its_filters(client: FlaskClient) -> None:
    certificate_id = _issue(client, {**NOTHING, "kind": "individual", "has": "US:asset_freeze"})
    certificate = _document(certificate_id)["certificate"]
    assert certificate["query"]["kind"] == "individual"
    assert certificate["query"]["has"] == ["US:asset_freeze"]
    assert "kind individual" in certificate["filters"]


def test_the_results_page_button_carries_the_search_it_shows(client: FlaskClient) -> None:
    html = client.get("/search?q=Zebulon&kind=entity&min_score=0.7").get_data(as_text=True)
    form = html[html.index('action="/certificates"') : html.index("Certificate of this search")]
    assert 'name="q" value="Zebulon"' in form and 'name="kind" value="entity"' in form
    assert 'name="threshold" value="0.7"' in form


def test_a_matching_search_lists_its_results_with_scores(client: FlaskClient) -> None:
    create_designation("KUZNETSOV, Artem")
    certificate_id = _issue(client, {"q": "Artem Kuznetsov"})
    html = client.get(f"/certificates/{certificate_id}").get_data(as_text=True)
    assert "KUZNETSOV, Artem" in html and "1.00" in html
    assert "matched 1 designated subject" in html


def test_the_button_refuses_bad_parameters_with_a_message(client: FlaskClient) -> None:
    response = client.post("/certificates", data={"q": "Kuznetsov", "threshold": "7"})
    assert response.status_code == 400
    assert "threshold: must be between 0 and 1" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Certificate)) == 0


def test_a_signed_in_search_certificate_names_no_account(app: Flask) -> None:
    make_user(app, "someone.private@example.org", "editor")
    client = app.test_client()
    signing_in = {"email": "someone.private@example.org", "password": PASSWORD}
    assert client.post("/admin/login", data=signing_in).status_code == 302
    stored = db.session.get(Certificate, _issue(client, NOTHING))
    assert stored.user_id is not None  # kept beside the document, for the account
    assert "someone.private" not in stored.document
    keys = _keys(certificates.document_of(stored))
    assert not [k for k in keys if any(w in k for w in ("user", "email", "account"))]


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_an_unknown_certificate_is_not_found(client: FlaskClient) -> None:
    assert client.get("/certificates/" + "x" * 32).status_code == 404
    assert client.get("/certificates/" + "x" * 32 + ".json").status_code == 404


def test_the_json_download_is_the_document_as_issued(client: FlaskClient) -> None:
    certificate_id = _issue(client, NOTHING)
    response = client.get(f"/certificates/{certificate_id}.json")
    assert "attachment" in response.headers["Content-Disposition"]
    stored = db.session.get(Certificate, certificate_id).document
    assert response.get_data(as_text=True) == stored


def test_the_public_key_is_published_as_pem_and_json(client: FlaskClient, tmp_path) -> None:
    pem = client.get("/certificates/public-key").get_data(as_text=True)
    assert pem.startswith("-----BEGIN PUBLIC KEY-----")
    described = client.get("/certificates/public-key.json").get_json()
    assert described["algorithm"] == "Ed25519" and described["public_key_pem"] == pem
    (tmp_path / "published.pem").write_text(pem)
    assert public_key_from_file(tmp_path / "published.pem").key_id == described["key_id"]


def test_the_published_key_verifies_an_issued_certificate(client: FlaskClient, tmp_path) -> None:
    (tmp_path / "published.pem").write_text(client.get("/certificates/public-key").text)
    document = _document(_issue(client, NOTHING))
    result = certificates.verify(document, public_key_from_file(tmp_path / "published.pem"))
    assert result.intact, result.reason


def test_the_page_has_a_print_style(client: FlaskClient) -> None:
    html = client.get(f"/certificates/{_issue(client, NOTHING)}").get_data(as_text=True)
    css_url = re.search(r'href="([^"]*certificate\.css)"', html).group(1)
    with client.get(css_url) as response:
        assert "@media print" in response.get_data(as_text=True)


def test_a_page_showing_other_people_with_the_name_certifies_them_too(
    client: FlaskClient,
) -> None:
    create_designation("KADYROV, Ramzan Akhmatovich")
    html = client.get("/search?q=Kadyrov").get_data(as_text=True)
    assert "Other people with this name" in html
    assert 'name="include_near" value="true"' in html
    certificate_id = _issue(client, {"q": "Kadyrov", "include_near": "true"})
    page = client.get(f"/certificates/{certificate_id}").get_data(as_text=True)
    assert "not matches" in page and "KADYROV, Ramzan Akhmatovich" in page


def test_a_screening_run_certificate_page_shows_rows_hits_and_decisions(app: Flask) -> None:
    make_user(app, "admin@example.org", "admin")
    client = app.test_client()
    signing_in = {"email": "admin@example.org", "password": PASSWORD}
    assert client.post("/admin/login", data=signing_in).status_code == 302
    run = {
        "id": "run-9",
        "status": "done",
        "created_at": "2026-12-01T10:00:00Z",
        "lists": [],
        "rows": [
            {
                "line": 2,
                "input": {"name": "Artem Kuznetsov"},
                "status": "ok",
                "hits": [
                    {
                        "hit_id": "h1",
                        "subject": {"name": "KUZNETSOV, Artem"},
                        "score": 0.97,
                        "why": "exact name",
                        "measures": [],
                        "decision": {"decision": "false_positive", "reason": "born 1990"},
                    }
                ],
            }
        ],
    }
    record = certificates.issue_for_screening(db.session, signing_key(), run)
    html = client.get(f"/certificates/{record.id}").get_data(as_text=True)
    assert "Certificate of screening" in html and "run-9" in html
    assert "KUZNETSOV, Artem: 0.97" in html and "false positive (born 1990)" in html


def test_a_search_by_identification_number_offers_its_certificate(client: FlaskClient) -> None:
    html = client.get("/search?id_number=ZZ-000-NOBODY&id_country=Iran").get_data(as_text=True)
    form = html[html.index('action="/certificates"') : html.index("Certificate of this search")]
    assert 'name="id_number" value="ZZ-000-NOBODY"' in form
    assert 'name="id_country" value="Iran"' in form


def test_the_button_on_a_past_dates_results_certifies_that_date(client: FlaskClient) -> None:
    create_designation("KUZNETSOV, Artem")
    html = client.get("/search?q=Kuznetsov+Artem&as_of=2024-01-02").get_data(as_text=True)
    assert 'name="as_of" value="2024-01-02"' in html
    certificate_id = _issue(client, {"q": "Kuznetsov Artem", "as_of": "2024-01-02"})
    assert _document(certificate_id)["certificate"]["query"]["as_of"] == "2024-01-02"
