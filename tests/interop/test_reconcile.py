"""/reconcile follows the W3C Reconciliation Service API 0.2.

The requests are shaped as the protocol's schema (reconciliation-query-batch.json:
"query", "type" as a string or list, "limit", "properties" of {"pid", "v"}) and its
example of an invalid batch (a query with only a limit); the answers are checked
against the fields the manifest and result-batch schemas require.
"""

from __future__ import annotations

import json
import re


def _reconcile(client, queries, method="post"):
    payload = {"queries": json.dumps(queries)}
    if method == "get":
        response = client.get("/reconcile", query_string=payload)
    else:
        response = client.post("/reconcile", data=payload)
    return response.status_code, response.get_json()


def test_the_manifest_has_the_fields_the_protocol_requires(seeded_client):
    response = seeded_client.get("/reconcile")
    manifest = response.get_json()
    assert response.status_code == 200
    assert "0.2" in manifest["versions"]
    for field in ("name", "identifierSpace", "schemaSpace"):
        assert isinstance(manifest[field], str) and manifest[field]
    assert re.search(r"\{\{id\}\}", manifest["view"]["url"])
    assert {"id": "Person", "name": "Person"} in manifest["defaultTypes"]


def test_the_view_url_opens_the_candidates_page(seeded_client):
    manifest = seeded_client.get("/reconcile").get_json()
    _status, answer = _reconcile(seeded_client, {"q0": {"query": "Dan Gertler"}})
    candidate_id = answer["q0"]["result"][0]["id"]
    url = manifest["view"]["url"].replace("{{id}}", candidate_id)
    page = seeded_client.get(url.removeprefix("http://localhost"))
    assert page.status_code == 200
    assert b"GERTLER" in page.data


def test_a_batch_answers_each_query_with_scored_candidates(seeded_client):
    queries = {
        "q0": {"query": "Dan Gertler", "type": "Person", "limit": 3},
        "q1": {"query": "Artem Kuznetsov", "type": ["Person"]},
        "q2": {"query": "Zebulon Quartermaine"},
    }
    status, answer = _reconcile(seeded_client, queries)
    assert status == 200
    assert set(answer) == {"q0", "q1", "q2"}
    best = answer["q0"]["result"][0]
    assert {"id", "name", "score", "match", "type"} <= best.keys()
    assert isinstance(best["id"], str)
    assert best["name"] == "GERTLER, Dan"
    assert best["match"] is True
    assert best["type"][0]["id"] == "Person"
    assert len(answer["q0"]["result"]) <= 3
    assert answer["q1"]["result"][0]["name"] == "KUZNETSOV, Artem"
    assert answer["q2"]["result"] == []


def test_properties_refine_the_query(seeded_client):
    queries = {
        "q0": {
            "query": "Emmerson Mnangagwa",
            "type": "Person",
            "properties": [
                {"pid": "birthDate", "v": "1942-09-15"},
                {"pid": "nationality", "v": "zw"},
            ],
        }
    }
    _status, answer = _reconcile(seeded_client, queries)
    assert answer["q0"]["result"][0]["name"] == "MNANGAGWA, Emmerson Dambudzo"


def test_a_query_by_identifier_property_alone_is_answered(seeded_client):
    queries = {"q0": {"properties": [{"pid": "passportNumber", "v": ["DB0009084"]}]}}
    status, answer = _reconcile(seeded_client, queries)
    assert status == 200
    assert answer["q0"]["result"][0]["name"] == "GERTLER, Dan"


def test_queries_by_get_are_answered_like_posted_ones(seeded_client):
    queries = {"q0": {"query": "Dan Gertler"}}
    assert _reconcile(seeded_client, queries, "get") == _reconcile(seeded_client, queries)


def test_the_protocols_invalid_example_without_query_is_refused(seeded_client):
    status, body = _reconcile(seeded_client, {"q1": {"limit": 1}})
    assert status == 400
    assert body["error"]["status"] == 400


def test_queries_that_are_not_json_are_refused_by_name(seeded_client):
    response = seeded_client.post("/reconcile", data={"queries": "{nope"})
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == "queries"


def test_a_limit_that_is_not_a_number_is_refused(seeded_client):
    status, _body = _reconcile(seeded_client, {"q0": {"query": "Dan Gertler", "limit": "all"}})
    assert status == 400


def test_reconciliation_needs_no_csrf_token(csrf_client):
    status, answer = _reconcile(csrf_client, {"q0": {"query": "Dan Gertler"}})
    assert status == 200
    assert answer["q0"]["result"][0]["name"] == "GERTLER, Dan"


def test_a_dataset_path_restricts_the_candidates(seeded_client):
    manifest = seeded_client.get("/reconcile/UK").get_json()
    assert manifest["name"].endswith("(UK)")
    payload = {"queries": json.dumps({"q0": {"query": "Dan Gertler", "type": "Person"}})}
    answer = seeded_client.post("/reconcile/UK", data=payload).get_json()
    assert all(c["name"] != "GERTLER, Dan" for c in answer["q0"]["result"])


def test_an_unknown_dataset_is_a_json_404(seeded_client):
    response = seeded_client.get("/reconcile/nowhere")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404
