"""The JSON API over the seeded designations: shapes, parameters, errors."""

from __future__ import annotations

import pytest

RESULT_FIELDS = {
    "id",
    "url",
    "name",
    "kind",
    "score",
    "matched_name",
    "matched_name_quality",
    "explanation",
    "programs",
    "measures",
    "status",
    "birth_dates",
    "nationalities",
    "source_refs",
}


def _search(client, **params):
    response = client.get("/api/v1/search", query_string=params)
    return response.status_code, response.get_json()


def test_search_returns_the_promised_fields(seeded_client):
    status, body = _search(seeded_client, q="Kuznetsov Artem")
    assert status == 200
    assert {"query", "total", "threshold", "results"} <= body.keys()
    first = body["results"][0]
    assert RESULT_FIELDS <= first.keys()
    assert first["name"] == "KUZNETSOV, Artem"
    assert first["source_refs"][0] == {"source": "ofac-sdn", "ref": "15886"}
    assert "28 Feb 1975" in first["birth_dates"]
    assert {"asset_freeze", "visa_ban"} <= {m["type"] for m in first["measures"]}
    assert first["url"].endswith(f"/designations/{first['id']}")


def test_results_are_at_or_above_the_threshold_best_first(seeded_client):
    _, body = _search(seeded_client, q="Kuznetsov", threshold=0.5, limit=100)
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores, reverse=True)
    assert all(score >= 0.5 for score in scores)


def test_a_lower_threshold_never_returns_fewer_results(seeded_client):
    _, strict = _search(seeded_client, q="Kuznetsov Artem", threshold=0.95)
    _, loose = _search(seeded_client, q="Kuznetsov Artem", threshold=0.3)
    assert loose["total"] >= strict["total"]


def test_limit_and_offset_page_through_results(seeded_client):
    _, everything = _search(seeded_client, q="Ivanovich", threshold=0, limit=100)
    assert everything["total"] >= 3
    _, second = _search(seeded_client, q="Ivanovich", threshold=0, limit=1, offset=1)
    assert second["results"][0]["id"] == everything["results"][1]["id"]
    assert second["total"] == everything["total"]


def test_filters_exclude_designations_that_do_not_meet_them(seeded_client):
    _, body = _search(seeded_client, q="Kuznetsov Artem", program="GLOMAG")
    assert all("GLOMAG" in r["programs"] for r in body["results"])
    assert "KUZNETSOV, Artem" not in [r["name"] for r in body["results"]]


def test_contradicting_birth_year_lowers_the_score(seeded_client):
    _, plain = _search(seeded_client, q="Kuznetsov Artem")
    _, wrong = _search(seeded_client, q="Kuznetsov Artem", birth_year=1940, threshold=0)
    # OFAC's record gives his birth date (the UK and Canadian records of him do not).
    ofac_ref = {"source": "ofac-sdn", "ref": "15886"}
    kuznetsov = next(r for r in wrong["results"] if ofac_ref in r["source_refs"])
    assert kuznetsov["score"] < plain["results"][0]["score"]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"q": ""}, "q"),
        ({}, "q"),
        ({"q": "x" * 500}, "q"),
        ({"q": "Ivanov", "limit": "0"}, "limit"),
        ({"q": "Ivanov", "limit": "101"}, "limit"),
        ({"q": "Ivanov", "limit": "ten"}, "limit"),
        ({"q": "Ivanov", "offset": "-1"}, "offset"),
        ({"q": "Ivanov", "threshold": "1.5"}, "threshold"),
        ({"q": "Ivanov", "threshold": "nan"}, "threshold"),
        ({"q": "Ivanov", "birth_year": "nineteen"}, "birth_year"),
        ({"q": "Ivanov", "birth_date": "1975-13-45"}, "birth_date"),
        ({"q": "Ivanov", "kind": "planet"}, "kind"),
        ({"q": "Ivanov", "measure": "banishment"}, "measure"),
        ({"q": "Ivanov", "status": "deleted"}, "status"),
    ],
)
def test_bad_parameters_answer_400_naming_the_parameter(seeded_client, params, parameter):
    status, body = _search(seeded_client, **params)
    assert status == 400
    assert body["error"]["parameter"] == parameter
    assert parameter in body["error"]["message"]


@pytest.mark.parametrize(
    "query",
    [
        "!!!",
        "   ",
        "LLC",
        "12345",
        "<script>alert(1)</script>",
        "'; DROP TABLE designations; --",
        "\u200b",
    ],
)
def test_odd_queries_never_fail(seeded_client, query):
    response = seeded_client.get("/api/v1/search", query_string={"q": query})
    assert response.status_code in (200, 400)
    assert response.is_json


def test_designation_endpoint_returns_the_full_record(seeded_client):
    _, body = _search(seeded_client, q="Kuznetsov Artem")
    record = seeded_client.get(f"/api/v1/designations/{body['results'][0]['id']}").get_json()
    assert record["birth_places"] == ["Baku, Azerbaijan"]
    assert {n["name"] for n in record["names"]} == {"KUZNETSOV, Artem", "KUZNETSOV, Artyom"}
    assert record["programs"][0]["code"] == "MAGNIT"
    assert "Public Law 112-208" in record["programs"][0]["legal_basis"]


def test_missing_designation_is_a_json_404(seeded_client):
    response = seeded_client.get("/api/v1/designations/999999")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404


def test_unknown_api_path_is_a_json_404(seeded_client):
    response = seeded_client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.is_json


def test_compare_scores_two_romanisations_as_a_match(seeded_client):
    body = seeded_client.get(
        "/api/v1/compare", query_string={"a": "Kuznetsov Artem", "b": "Кузнецов Артём"}
    ).get_json()
    assert body["match"] is True
    assert 0 <= body["score"] <= 1
    assert body["explanation"]["pairs"]


def test_compare_tells_different_surnames_apart(seeded_client):
    body = seeded_client.get(
        "/api/v1/compare", query_string={"a": "Artem Kuzmin", "b": "Artem Kuznetsov"}
    ).get_json()
    assert body["match"] is False


def test_compare_accepts_followthemoney_schema_names_as_kinds(seeded_client):
    body = seeded_client.get(
        "/api/v1/compare",
        query_string={
            "a": "OOO Baikal",
            "b": "BAIKAL LIMITED LIABILITY COMPANY",
            "kind": "Company",
        },
    ).get_json()
    assert body["kind"] == "entity"
    assert body["match"] is True
    person = seeded_client.get(
        "/api/v1/search", query_string={"q": "Kuznetsov Artem", "kind": "PERSON"}
    ).get_json()
    assert person["results"][0]["kind"] == "individual"


def test_compare_requires_both_names(seeded_client):
    response = seeded_client.get("/api/v1/compare", query_string={"a": "Ivanov"})
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == "b"


def test_openapi_description_lists_every_endpoint(seeded_client):
    spec = seeded_client.get("/api/v1/openapi.json").get_json()
    assert {"/search", "/designations/{id}", "/compare"} <= spec["paths"].keys()


def test_a_confirmed_birth_date_ranks_the_right_namesake_first(seeded_client):
    _, plain = _search(seeded_client, q="Kuznetsov Artem", birth_date="1975-02-28")
    assert plain["results"][0]["name"] == "KUZNETSOV, Artem"
    assert plain["results"][0]["explanation"]["qualifiers"]


def test_measure_grid_filters_ask_for_one_jurisdiction_and_not_another(seeded_client):
    _, with_ca = _search(seeded_client, q="Kuznetsov Artem", has="CA:entry_ban")
    assert with_ca["results"][0]["name"] == "KUZNETSOV, Artem"
    _, without_uk = _search(
        seeded_client, q="Kuznetsov Artem", has="US:visa_ban", lacks="UK:asset_freeze"
    )
    assert all(
        not any(
            c["jurisdiction"] == "UK" and c["measure"] == "asset_freeze" and c["active"]
            for c in r["sanctions_by_jurisdiction"]
        )
        for r in without_uk["results"]
    )
    assert "KUZNETSOV, Artem" not in [r["name"] for r in without_uk["results"]]


def test_malformed_measure_grid_filter_is_a_400_naming_it(seeded_client):
    status, body = _search(seeded_client, q="Kuznetsov", lacks="UK-travel")
    assert status == 400 and body["error"]["parameter"] == "lacks"
