"""POST /api/v1/certificates, GET /api/v1/certificates/<id>, POST /api/v1/certificates/verify."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Certificate
from tests.builders import create_designation

NOTHING = {"q": "Zebulon Quxworthy"}


@pytest.fixture(autouse=True)
def _key_in_tmp(app: Flask, tmp_path) -> None:
    app.config["CERTIFICATE_KEY_PATH"] = str(tmp_path / "certificate-key.pem")


def _issue(client: FlaskClient, body: object) -> dict:
    response = client.post("/api/v1/certificates", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _verify(client: FlaskClient, data: str | bytes):
    return client.post("/api/v1/certificates/verify", data=data, content_type="application/json")


def _stored_count() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Certificate))


def test_issuing_answers_201_with_id_url_digest_and_document(client: FlaskClient) -> None:
    response = client.post("/api/v1/certificates", json=NOTHING)
    body = response.get_json()
    assert response.status_code == 201 and set(body) == {"id", "url", "digest", "document"}
    assert body["url"].endswith(f"/certificates/{body['id']}")
    assert response.headers["Location"] == body["url"]
    assert body["digest"] == body["document"]["digest"]


def test_the_document_is_served_under_its_id(client: FlaskClient) -> None:
    issued = _issue(client, NOTHING)
    served = client.get(f"/api/v1/certificates/{issued['id']}")
    assert served.mimetype == "application/json" and served.get_json() == issued["document"]


def test_an_unknown_certificate_answers_404_as_json(client: FlaskClient) -> None:
    response = client.get("/api/v1/certificates/nope-not-an-id-at-all-000")
    assert response.status_code == 404 and "error" in response.get_json()


def test_a_search_with_no_match_is_certified_as_matching_nothing(client: FlaskClient) -> None:
    certificate = _issue(client, NOTHING)["document"]["certificate"]
    assert certificate["outcome"]["total"] == 0 and certificate["results"] == []
    assert "“Zebulon Quxworthy” matched nothing" in certificate["outcome"]["statement"]


def test_results_carry_their_scores_and_explanations(client: FlaskClient) -> None:
    create_designation("KUZNETSOV, Artem")
    (result,) = _issue(client, {"q": "Artem Kuznetsov"})["document"]["certificate"]["results"]
    assert result["name"] == "KUZNETSOV, Artem" and result["score"] == 1
    assert result["why"] and result["explanation"]


def test_the_search_parameters_are_those_of_the_search_api(client: FlaskClient) -> None:
    body = {"q": "Zebulon", "kind": "person", "threshold": 0.7, "has": ["US:visa_ban"]}
    query = _issue(client, body)["document"]["certificate"]["query"]
    assert query["kind"] == "individual" and query["threshold"] == 0.7
    assert query["has"] == ["US:visa_ban"]


@pytest.mark.parametrize(
    ("body", "parameter"),
    [
        ({"q": "Kuznetsov", "threshold": 2}, "threshold"),
        ({"q": "Kuznetsov", "kind": "dragon"}, "kind"),
        ({"q": ""}, "q"),
        ({"q": "x" * 5000}, "q"),
        ({"q": "Kuznetsov", "birth_date": "yesterday"}, "birth_date"),
        ({"q": "Kuznetsov", "has": "visa"}, "has"),
        ({"q": "Kuznetsov", "limit": 0}, "limit"),
        ({"q": ["Kuznetsov"]}, "q"),
        ({"q": {"name": "Kuznetsov"}}, "q"),
        ({"q": "Kuznetsov", "colour": "red"}, "colour"),
        (["Kuznetsov"], "body"),
    ],
)
def test_bad_parameters_answer_400_naming_them(client: FlaskClient, body, parameter) -> None:
    response = client.post("/api/v1/certificates", json=body)
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == parameter
    assert _stored_count() == 0


def test_a_body_that_is_not_json_answers_400(client: FlaskClient) -> None:
    response = client.post(
        "/api/v1/certificates", data="{q: Kuznetsov", content_type="application/json"
    )
    assert response.status_code == 400 and response.get_json()["error"]["parameter"] == "body"


def test_a_body_over_the_limit_answers_413(app: Flask, client: FlaskClient) -> None:
    app.config["CERTIFICATE_MAX_BODY_BYTES"] = 100
    response = client.post("/api/v1/certificates", json={"q": "Kuznetsov " + "x" * 200})
    assert response.status_code == 413


def test_a_screening_runs_certificate_needs_a_token(client: FlaskClient) -> None:
    response = client.post("/api/v1/certificates", json={"screening_id": "run-1"})
    assert response.status_code == 401
    assert "Bearer" in response.get_json()["error"]["message"]


def test_a_screening_id_comes_without_search_parameters(client: FlaskClient) -> None:
    response = client.post("/api/v1/certificates", json={"screening_id": "r", "q": "x"})
    assert response.status_code == 400


def test_issuing_is_rate_limited(app: Flask, client: FlaskClient) -> None:
    app.config["CERTIFICATE_RATE_LIMIT"] = "2 per minute"
    statuses = [client.post("/api/v1/certificates", json=NOTHING).status_code for _ in range(3)]
    assert statuses == [201, 201, 429]


def test_an_issued_document_verifies_as_intact(client: FlaskClient) -> None:
    issued = _issue(client, NOTHING)
    answer = _verify(client, json.dumps(issued["document"])).get_json()
    assert answer["intact"] is True and answer["id"] == issued["id"]
    assert answer["lists"] == [] or all(entry["unchanged_since"] for entry in answer["lists"])


def test_a_reserialised_document_verifies_as_intact(client: FlaskClient) -> None:
    document = _issue(client, NOTHING)["document"]
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=True)
    assert _verify(client, text).get_json()["intact"] is True


def test_altering_one_byte_fails_verification_with_a_reason(client: FlaskClient) -> None:
    text = client.get(f"/api/v1/certificates/{_issue(client, NOTHING)['id']}").get_data()
    altered = text.replace(b"Zebulon", b"Zebulom", 1)
    answer = _verify(client, altered).get_json()
    assert answer["intact"] is False and "digest does not match" in answer["reason"]


def test_a_document_stored_under_no_id_fails_verification(client: FlaskClient) -> None:
    issued = _issue(client, NOTHING)
    db.session.delete(db.session.get(Certificate, issued["id"]))
    db.session.commit()
    answer = _verify(client, json.dumps(issued["document"])).get_json()
    assert answer["intact"] is False and "was issued here" in answer["reason"]


def test_a_broken_document_is_not_intact_and_a_400(client: FlaskClient) -> None:
    response = _verify(client, b'{"certificate": {')
    assert response.status_code == 400
    assert response.get_json()["intact"] is False and response.get_json()["reason"]


def test_a_document_with_a_key_given_twice_is_refused(client: FlaskClient) -> None:
    response = _verify(client, b'{"digest": "a", "digest": "b"}')
    assert response.status_code == 400 and "appears twice" in response.get_json()["reason"]


def test_a_json_value_that_is_no_certificate_is_not_intact(client: FlaskClient) -> None:
    answer = _verify(client, b'{"hello": "world"}').get_json()
    assert answer["intact"] is False and answer["reason"].startswith("not a certificate")


def test_a_document_too_large_to_verify_answers_413(app: Flask, client: FlaskClient) -> None:
    app.config["CERTIFICATE_MAX_BODY_BYTES"] = 100
    assert _verify(client, json.dumps({"x": "y" * 200})).status_code == 413


def test_a_broken_key_setting_answers_503_not_500(app: Flask, client: FlaskClient) -> None:
    app.config["CERTIFICATE_SIGNING_KEY"] = "not a key"
    response = client.post("/api/v1/certificates", json=NOTHING)
    assert response.status_code == 503 and "signing key" in response.get_json()["error"]["message"]


def test_an_identifier_search_is_certified_with_the_number(client: FlaskClient) -> None:
    body = {"id_number": "ZZ-000-NOBODY"}
    certificate = _issue(client, body)["document"]["certificate"]
    assert certificate["query"]["id_number"] == "ZZ-000-NOBODY"
    assert (
        "identification number “ZZ-000-NOBODY” matched nothing"
        in (certificate["outcome"]["statement"])
    )


def test_a_search_as_of_a_date_is_certified_with_the_date(client: FlaskClient) -> None:
    query = _issue(client, {**NOTHING, "as_of": "2024-01-31"})["document"]["certificate"]["query"]
    assert query["as_of"] == "2024-01-31" and query["status"] == "all"


def test_a_deeply_nested_document_is_not_intact_and_no_error(client: FlaskClient) -> None:
    nested = "[" * 700 + "]" * 700
    body = '{"certificate": {"x": ' + nested + '}, "digest": "sha256:' + "0" * 64 + '",'
    body += ' "signature": {"algorithm": "Ed25519", "key_id": "k", "value": "v"}}'
    response = _verify(client, body)
    assert response.status_code in (200, 400) and response.get_json()["intact"] is False


def test_lists_of_the_wrong_shape_are_not_intact_and_no_error(client: FlaskClient) -> None:
    document = _issue(client, NOTHING)["document"]
    document["certificate"]["lists"] = [{"source": ["x"]}, "y"]
    answer = _verify(client, json.dumps(document)).get_json()
    assert answer["intact"] is False and answer["lists"][0]["unchanged_since"] is False
