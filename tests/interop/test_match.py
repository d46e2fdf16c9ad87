"""POST /match/<dataset> speaks yente's protocol.

Request bodies and the fields asserted on come from yente's published API
documentation (the /match endpoint's description and its EntityMatchQuery,
EntityMatches and ScoredEntityResponse models), not from our own output.
"""

from __future__ import annotations

# The example of yente's /match documentation, verbatim in structure.
YENTE_DOC_EXAMPLE = {
    "queries": {
        "entity1": {
            "schema": "Person",
            "properties": {
                "name": ["John Doe"],
                "birthDate": ["1975-04-21"],
                "nationality": ["us"],
            },
        },
        "entity2": {
            "schema": "Company",
            "properties": {
                "name": ["Brilliant Amazing Limited"],
                "jurisdiction": ["hk"],
                "registrationNumber": ["84BA99810"],
            },
        },
    }
}
# ScoredEntityResponse's fields (yente.data.common).
RESULT_FIELDS = {
    "id", "caption", "schema", "properties", "datasets", "referents", "target",
    "first_seen", "last_seen", "last_change", "score", "features", "match",
}  # fmt: skip


def _match(client, body, dataset="default", **params):
    response = client.post(f"/match/{dataset}", json=body, query_string=params)
    return response.status_code, response.get_json()


def _person(**properties):
    return {"queries": {"q1": {"schema": "Person", "properties": properties}}}


def _results(body, key="q1"):
    return body["responses"][key]["results"]


def test_the_documented_example_is_answered_in_yentes_response_shape(seeded_client):
    status, body = _match(seeded_client, YENTE_DOC_EXAMPLE)
    assert status == 200
    assert {"responses", "matcher", "limit"} <= body.keys()
    assert set(body["responses"]) == {"entity1", "entity2"}
    for answer in body["responses"].values():
        assert answer["status"] == 200
        assert answer["total"] == {"value": len(answer["results"]), "relation": "eq"}
        assert {"schema", "properties"} <= answer["query"].keys()
    assert body["responses"]["entity1"]["query"]["properties"]["name"] == ["John Doe"]


def test_a_listed_person_with_a_birth_date_comes_first_with_every_result_field(seeded_client):
    status, body = _match(
        seeded_client, _person(name=["Artem Kuznetsov"], birthDate=["1975-02-28"])
    )
    assert status == 200
    first = _results(body)[0]
    assert RESULT_FIELDS <= first.keys()
    assert first["caption"] == "KUZNETSOV, Artem"
    assert first["schema"] == "Person"
    assert first["first_seen"] and first["last_seen"] and first["last_change"]
    assert first["match"] is True
    assert 0.0 < first["score"] <= 1.0
    assert "1975-02-28" in first["properties"]["birthDate"]
    assert "ofac-sdn" in first["datasets"]
    assert all(isinstance(v, float) for v in first["features"].values())


def test_a_subject_of_several_lists_is_one_result_with_the_others_as_referents(seeded_client):
    _status, body = _match(seeded_client, _person(name=["Artem Kuznetsov"]))
    first = _results(body)[0]
    assert first["id"] == "ofac-sdn-15886"
    assert "uk-sanctions-list" in first["datasets"]
    assert any(r.startswith("uk-sanctions-list-") for r in first["referents"])
    ids = [r["id"] for r in _results(body)]
    assert not set(first["referents"]) & set(ids)


def test_the_entity_id_is_the_same_whichever_list_the_dataset_restricts_to(seeded_client):
    _s, us = _match(seeded_client, _person(name=["Artem Kuznetsov"]), dataset="US")
    _s, uk = _match(seeded_client, _person(name=["Artem Kuznetsov"]), dataset="UK")
    assert _results(us)[0]["id"] == _results(uk)[0]["id"]


def test_a_passport_number_written_differently_finds_its_holder(seeded_client):
    _status, body = _match(seeded_client, _person(passportNumber=["db 000-9084"]))
    first = _results(body)[0]
    assert first["caption"] == "GERTLER, Dan"
    assert first["match"] is True
    assert first["features"]["identifier_match"] == 1.0


def test_an_identifier_match_outranks_a_name_only_match(seeded_client):
    body = _person(name=["Emmerson Mnangagwa"], idNumber=["DB0009084"])
    _status, answer = _match(seeded_client, body)
    captions = [r["caption"] for r in _results(answer)]
    assert captions[0] == "GERTLER, Dan"
    assert "MNANGAGWA, Emmerson Dambudzo" in captions[1:]


def test_an_unknown_name_gives_no_results(seeded_client):
    _status, body = _match(seeded_client, _person(name=["Zebulon Quartermaine"]))
    assert _results(body) == []
    assert body["responses"]["q1"]["total"]["value"] == 0


def test_limit_caps_the_results_per_query(seeded_client):
    _status, body = _match(seeded_client, _person(name=["Kuznetsov"]), limit=1)
    assert body["limit"] == 1
    assert len(_results(body)) <= 1


def test_a_threshold_above_the_score_keeps_the_result_but_not_as_a_match(seeded_client):
    _status, body = _match(seeded_client, _person(name=["Artim Kuznetsov"]), threshold=1.0)
    results = _results(body)
    assert results and results[0]["score"] < 1.0
    assert results[0]["match"] is False


def test_the_algorithm_parameter_is_accepted(seeded_client):
    status, _body = _match(seeded_client, _person(name=["Dan Gertler"]), algorithm="logic-v1")
    assert status == 200


def test_a_program_dataset_restricts_to_that_program(seeded_client):
    _status, body = _match(seeded_client, _person(name=["Dan Gertler"]), dataset="UK-GHR")
    assert all("GERTLER" not in r["caption"] for r in _results(body))
    _status, body = _match(seeded_client, _person(name=["Dan Gertler"]), dataset="GLOMAG")
    assert _results(body)[0]["caption"] == "GERTLER, Dan"


def test_an_unknown_dataset_is_a_json_404(seeded_client):
    status, body = _match(seeded_client, _person(name=["Dan Gertler"]), dataset="nowhere")
    assert status == 404
    assert "nowhere" in body["detail"]
    assert body["error"]["status"] == 404


def test_a_body_without_queries_is_a_json_400(seeded_client):
    status, body = _match(seeded_client, {"names": ["Dan Gertler"]})
    assert status == 400
    assert body["error"]["parameter"] == "queries"


def test_an_unknown_schema_is_refused_by_name(seeded_client):
    status, body = _match(seeded_client, {"queries": {"a": {"schema": "Banana", "properties": {}}}})
    assert status == 400
    assert "schema" in body["detail"]


def test_a_query_without_name_or_number_is_refused(seeded_client):
    status, _body = _match(seeded_client, _person(birthDate=["1975-02-28"]))
    assert status == 400


def test_property_values_must_be_strings(seeded_client):
    status, body = _match(seeded_client, _person(name=[{"first": "Dan"}]))
    assert status == 400
    assert "name" in body["detail"]


def test_too_many_queries_are_refused(seeded_client):
    queries = {f"q{i}": {"schema": "Person", "properties": {"name": ["X"]}} for i in range(101)}
    status, body = _match(seeded_client, {"queries": queries})
    assert status == 400
    assert "Too many queries" in body["detail"]


def test_a_limit_out_of_range_is_refused(seeded_client):
    status, body = _match(seeded_client, _person(name=["Dan Gertler"]), limit=0)
    assert status == 400
    assert body["error"]["parameter"] == "limit"


def test_a_body_that_is_not_json_is_a_json_400(seeded_client):
    response = seeded_client.post(
        "/match/default", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["status"] == 400


def test_match_needs_no_csrf_token(csrf_client):
    status, body = _match(csrf_client, _person(name=["Dan Gertler"]))
    assert status == 200
    assert _results(body)[0]["caption"] == "GERTLER, Dan"


def test_get_on_match_is_a_json_405(seeded_client):
    response = seeded_client.get("/match/default")
    assert response.status_code == 405
    assert response.get_json()["error"]["status"] == 405


def test_the_openapi_description_documents_the_interop_endpoints(seeded_client):
    spec = seeded_client.get("/api/v1/openapi.json").get_json()
    assert {"/match/{dataset}", "/reconcile", "/export.ftm.json"} <= spec["paths"].keys()
    search_parameters = {p["name"] for p in spec["paths"]["/search"]["get"]["parameters"]}
    assert {"id_number", "id_country"} <= search_parameters


def test_a_passport_of_another_country_than_the_nationality_still_matches(seeded_client):
    # Gertler's passport DB0009084 was issued by the DR Congo; he is also an Israeli national.
    body = _person(name=["Dan Gertler"], nationality=["il"], passportNumber=["DB0009084"])
    _status, answer = _match(seeded_client, body)
    assert _results(answer)[0]["features"]["identifier_match"] == 1.0


def test_opensanctions_collection_name_sanctions_means_every_list(seeded_client):
    status, body = _match(seeded_client, _person(name=["Dan Gertler"]), dataset="sanctions")
    assert status == 200
    assert _results(body)[0]["caption"] == "GERTLER, Dan"


def test_a_list_dataset_restricts_identifier_matches_to_that_list(seeded_client):
    body = _person(passportNumber=["DB0009084"])
    _status, other_list = _match(seeded_client, body, dataset="ca-sema-jvcfoa")
    _status, own_list = _match(seeded_client, body, dataset="ofac-sdn")
    assert _results(other_list) == []
    assert _results(own_list)[0]["caption"] == "GERTLER, Dan"
