"""Reconciliation's other services (W3C Reconciliation Service API 0.2): suggest, preview,
data extension, announced in the manifest as the spec's manifest schema says.

Requests are shaped as the spec's: suggest ``?prefix=...&cursor=...``; preview at the
manifest's ``preview.url`` with ``{{id}}`` replaced; propose properties ``?type=...``;
data extension ``extend={"ids": [...], "properties": [{"id": ...}, {"id": ..., "settings":
{...}}]}`` by GET or form POST (data-extension-query.json). Answers are checked against
the fields the spec's response schemas require.
"""

from __future__ import annotations

import json
import re

import pytest

# The value shapes data-extension-response.json allows in a row.
CELL_KEYS = ({"str"}, {"date"}, {"float"}, {"int"}, {"id", "name"}, set())
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")


def _service(manifest, name):
    service = manifest["suggest"][name]
    return service["service_url"].removeprefix("http://localhost") + service["service_path"]


def _gertler_id(client):
    answer = client.get("/reconcile/suggest/entity", query_string={"prefix": "gertler"})
    return next(r["id"] for r in answer.get_json()["result"] if r["name"] == "GERTLER, Dan")


def _extend(client, query, method="post"):
    payload = {"extend": json.dumps(query)}
    if method == "get":
        response = client.get("/reconcile", query_string=payload)
    else:
        response = client.post("/reconcile", data=payload)
    return response.status_code, response.get_json()


def test_the_manifest_announces_suggest_preview_and_extend(seeded_client):
    manifest = seeded_client.get("/reconcile").get_json()
    for name in ("entity", "property", "type"):
        assert {"service_url", "service_path"} <= manifest["suggest"][name].keys()
    assert "${id}" in manifest["suggest"]["entity"]["flyout_service_path"]
    preview = manifest["preview"]
    assert "{{id}}" in preview["url"]
    assert isinstance(preview["width"], int) and isinstance(preview["height"], int)
    extend = manifest["extend"]
    assert {"service_url", "service_path"} <= extend["propose_properties"].keys()
    for setting in extend["property_settings"]:
        assert {"type", "label", "name"} <= setting.keys()
        assert setting["type"] in ("number", "text", "checkbox", "select")


def test_every_announced_service_answers(seeded_client):
    manifest = seeded_client.get("/reconcile").get_json()
    for name in ("entity", "property", "type"):
        response = seeded_client.get(_service(manifest, name), query_string={"prefix": "pe"})
        assert response.status_code == 200, name
    propose = manifest["extend"]["propose_properties"]
    url = propose["service_url"].removeprefix("http://localhost") + propose["service_path"]
    assert seeded_client.get(url, query_string={"type": "Person"}).status_code == 200


def test_a_datasets_manifest_points_at_its_own_services(seeded_client):
    manifest = seeded_client.get("/reconcile/UK").get_json()
    assert _service(manifest, "entity") == "/reconcile/UK/suggest/entity"
    assert "/reconcile/UK/preview" in manifest["preview"]["url"]


def test_suggest_entity_completes_a_name_prefix(seeded_client):
    response = seeded_client.get("/reconcile/suggest/entity", query_string={"prefix": "gertl"})
    results = response.get_json()["result"]
    assert response.status_code == 200
    best = next(r for r in results if r["name"] == "GERTLER, Dan")
    assert isinstance(best["id"], str)
    assert {"id": "Person", "name": "Person"} in best["notable"]
    assert "1973" in best["description"]


def test_suggest_entity_completes_a_later_word_and_falls_back_to_the_matcher(seeded_client):
    by_word = seeded_client.get("/reconcile/suggest/entity", query_string={"prefix": "dan"})
    assert "GERTLER, Dan" in [r["name"] for r in by_word.get_json()["result"]]
    spoken = seeded_client.get("/reconcile/suggest/entity", query_string={"prefix": "dan gertler"})
    # Stored as "GERTLER, Dan": no name starts so, the matcher finds it.
    assert "GERTLER, Dan" in [r["name"] for r in spoken.get_json()["result"]]


def test_suggest_entity_restricted_to_a_type_gives_that_type_only(seeded_client):
    # FtM's Company is an Organization.
    response = seeded_client.get(
        "/reconcile/suggest/entity", query_string={"prefix": "gertler", "type": "Organization"}
    )
    results = response.get_json()["result"]
    assert results
    assert all(r["notable"][0]["id"] in ("Organization", "Company") for r in results)


def test_suggest_entity_pages_with_the_cursor(seeded_client):
    first = seeded_client.get("/reconcile/suggest/entity", query_string={"prefix": "a"})
    second = seeded_client.get(
        "/reconcile/suggest/entity", query_string={"prefix": "a", "cursor": 10}
    )
    first_ids = {r["id"] for r in first.get_json()["result"]}
    second_ids = {r["id"] for r in second.get_json()["result"]}
    assert len(first_ids) == 10
    assert second_ids and not first_ids & second_ids


def test_suggest_property_and_type_match_on_id_or_name(seeded_client):
    properties = seeded_client.get("/reconcile/suggest/property", query_string={"prefix": "birth"})
    assert {"birthDate", "birthPlace"} <= {r["id"] for r in properties.get_json()["result"]}
    types = seeded_client.get("/reconcile/suggest/type", query_string={"prefix": "ves"})
    assert types.get_json()["result"] == [{"id": "Vessel", "name": "Vessel"}]


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/reconcile/suggest/entity", "prefix"),
        ("/reconcile/suggest/entity?prefix=ab&cursor=-1", "cursor"),
        ("/reconcile/suggest/entity?prefix=ab&cursor=x", "cursor"),
        ("/reconcile/suggest/entity?prefix=ab&type=Dog", "type"),
        ("/reconcile/suggest/entity?prefix=" + "a" * 201, "prefix"),
        ("/reconcile/suggest/property?prefix=", "prefix"),
        ("/reconcile/preview?id=abc", "id"),
        ("/reconcile/preview?id=" + "9" * 40, "id"),
        ("/reconcile/flyout/entity?id=-1", "id"),
        ("/reconcile/extend/propose?type=Dog", "type"),
        ("/reconcile/extend/propose?type=Person&limit=0", "limit"),
    ],
)
def test_bad_parameters_are_json_400s_naming_the_parameter(seeded_client, url, parameter):
    response = seeded_client.get(url)
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == parameter


def test_the_preview_is_a_small_escaped_html_page_that_may_be_framed(seeded_client):
    manifest = seeded_client.get("/reconcile").get_json()
    url = manifest["preview"]["url"].replace("{{id}}", _gertler_id(seeded_client))
    response = seeded_client.get(url.removeprefix("http://localhost"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "GERTLER, Dan" in page and "US asset freeze" in page
    assert len(response.data) < 4000
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in policy and "script-src" not in policy


def test_the_preview_escapes_what_a_list_says(seeded_app):
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Designation

    record = db.session.scalars(
        select(Designation).where(Designation.primary_name == "GERTLER, Dan")
    ).one()
    record.primary_name = "<script>alert(1)</script>"
    db.session.commit()
    page = seeded_app.test_client().get(f"/reconcile/preview?id={record.id}")
    assert b"<script>" not in page.data
    assert b"&lt;script&gt;" in page.data


def test_an_unknown_id_previews_as_a_404_page(seeded_client):
    response = seeded_client.get("/reconcile/preview?id=99999999")
    assert response.status_code == 404
    assert b"No record" in response.data


def test_the_flyout_wraps_the_preview(seeded_client):
    gertler = _gertler_id(seeded_client)
    body = seeded_client.get(f"/reconcile/flyout/entity?id={gertler}").get_json()
    assert body["id"] == gertler
    assert "GERTLER, Dan" in body["html"]


def test_propose_properties_answers_the_types_properties(seeded_client):
    body = seeded_client.get("/reconcile/extend/propose", query_string={"type": "Person"})
    proposal = body.get_json()
    assert proposal["type"] == "Person"
    ids = [p["id"] for p in proposal["properties"]]
    assert {"birthDate", "nationality", "passportNumber", "alias", "measures"} <= set(ids)
    assert all({"id", "name"} <= p.keys() for p in proposal["properties"])
    vessel = seeded_client.get("/reconcile/extend/propose?type=Vessel").get_json()
    assert "imoNumber" in {p["id"] for p in vessel["properties"]}
    assert "birthDate" not in {p["id"] for p in vessel["properties"]}


def test_propose_properties_honours_the_limit(seeded_client):
    body = seeded_client.get("/reconcile/extend/propose?type=Person&limit=3").get_json()
    assert body["limit"] == 3 and len(body["properties"]) == 3


def test_extend_answers_rows_of_property_values(seeded_client):
    gertler = _gertler_id(seeded_client)
    query = {
        "ids": [gertler],
        "properties": [
            {"id": "birthDate"},
            {"id": "nationality"},
            {"id": "measures"},
            {"id": "programId"},
            {"id": "datasets"},
            {"id": "passportNumber"},
            {"id": "alias"},
        ],
    }
    status, body = _extend(seeded_client, query)
    assert status == 200
    assert [m["id"] for m in body["meta"]] == [p["id"] for p in query["properties"]]
    assert all(isinstance(m["name"], str) for m in body["meta"])
    row = body["rows"][gertler]
    assert row["birthDate"] == [{"date": "1973-12-23T00:00:00+00:00"}]
    assert ISO_DATETIME.match(row["birthDate"][0]["date"])
    assert {"str": "il"} in row["nationality"]
    assert {"str": "US asset freeze (GLOMAG)"} in row["measures"]
    assert {"str": "GLOMAG"} in row["programId"]
    assert {"str": "DB0009084"} in row["passportNumber"]
    for values in row.values():
        assert all(set(v) in CELL_KEYS for v in values)


def test_extend_by_get_is_answered_like_by_post(seeded_client):
    query = {"ids": [_gertler_id(seeded_client)], "properties": [{"id": "nationality"}]}
    assert _extend(seeded_client, query, "get") == _extend(seeded_client, query)


def test_an_unknown_id_gets_a_row_of_empty_values(seeded_client):
    status, body = _extend(seeded_client, {"ids": ["99999999"], "properties": [{"id": "alias"}]})
    assert status == 200
    assert body["rows"] == {"99999999": {"alias": []}}


def test_the_limit_setting_caps_the_values_per_cell(seeded_client):
    query = {
        "ids": [_gertler_id(seeded_client)],
        "properties": [{"id": "passportNumber", "settings": {"limit": 1}}],
    }
    _status, body = _extend(seeded_client, query)
    assert len(next(iter(body["rows"].values()))["passportNumber"]) == 1


@pytest.mark.parametrize(
    "query",
    [
        {"ids": ["1"]},
        {"properties": [{"id": "alias"}]},
        {"ids": "1", "properties": [{"id": "alias"}]},
        {"ids": ["1"], "properties": []},
        {"ids": ["1"], "properties": [{"id": "shoeSize"}]},
        {"ids": ["1"], "properties": ["alias"]},
        {"ids": ["x1"], "properties": [{"id": "alias"}]},
        {"ids": ["1"], "properties": [{"id": "alias", "settings": {"limit": -1}}]},
        {"ids": ["1"], "properties": [{"id": "alias", "settings": "all"}]},
        [],
    ],
)
def test_a_malformed_extend_query_is_a_json_400(seeded_client, query):
    status, body = _extend(seeded_client, query)
    assert status == 400
    assert body["error"]["parameter"] == "extend"


def test_extend_that_is_not_json_is_refused_by_name(seeded_client):
    response = seeded_client.post("/reconcile", data={"extend": "{nope"})
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == "extend"


def test_too_many_ids_are_a_413_naming_the_limit(seeded_client):
    query = {"ids": [str(i) for i in range(101)], "properties": [{"id": "alias"}]}
    status, body = _extend(seeded_client, query)
    assert status == 413
    assert "RECONCILE_MAX_EXTEND_IDS" in body["error"]["message"]


def test_queries_and_extend_together_are_refused(seeded_client):
    response = seeded_client.post(
        "/reconcile", data={"queries": "{}", "extend": json.dumps({"ids": [], "properties": []})}
    )
    assert response.status_code == 400


def test_the_services_are_rate_limited_like_reconcile(seeded_app):
    seeded_app.config["API_RATE_LIMIT"] = "2 per minute"
    client = seeded_app.test_client()
    statuses = [
        client.get("/reconcile/suggest/type", query_string={"prefix": "p"}).status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_the_services_allow_cross_origin_calls(seeded_client):
    response = seeded_client.get(
        "/reconcile/suggest/type", query_string={"prefix": "p"}, headers={"Origin": "http://x"}
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_the_openapi_document_describes_every_interop_endpoint(seeded_app):
    spec = seeded_app.test_client().get("/api/v1/openapi.json").get_json()
    documented = {re.sub(r"\{[^}]+\}", "<>", path) for path in spec["paths"]}
    for rule in seeded_app.url_map.iter_rules():
        if rule.endpoint.startswith("interop.") and "<string(maxlength=100):dataset>" not in (
            rule.rule
        ):
            assert re.sub(r"<[^>]+>", "<>", rule.rule) in documented, rule.rule
    extend = [p["name"] for p in spec["paths"]["/reconcile"]["get"]["parameters"]]
    assert "extend" in extend


def test_the_openapi_document_describes_the_explanations_features(seeded_client):
    spec = seeded_client.get("/api/v1/openapi.json").get_json()
    explanation = spec["components"]["schemas"]["Explanation"]["properties"]
    feature = explanation["name_match"]["properties"]["features"]["items"]
    assert feature["required"] == ["name", "effect", "detail"]
    result = spec["components"]["schemas"]["SearchResult"]["properties"]["explanation"]
    assert result == {"$ref": "#/components/schemas/Explanation"}
    answer = seeded_client.get("/api/v1/search", query_string={"q": "Dan Gertler"}).get_json()
    given = answer["results"][0]["explanation"]
    assert set(given) == set(explanation)
    assert set(given["name_match"]) == set(explanation["name_match"]["properties"])
    assert all(set(f) == set(feature["properties"]) for f in given["name_match"]["features"])


def test_propose_properties_without_a_type_proposes_those_of_any_type(seeded_client):
    body = seeded_client.get("/reconcile/extend/propose").get_json()
    assert body["type"] == "LegalEntity"
    assert {"birthDate", "imoNumber"} <= {p["id"] for p in body["properties"]}
