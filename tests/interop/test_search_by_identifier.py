"""Search by identification number in /api/v1/search (id_number=, q then optional)."""

from __future__ import annotations


def _search(client, **params):
    response = client.get("/api/v1/search", query_string=params)
    return response.status_code, response.get_json()


def test_a_passport_number_alone_finds_the_person_it_belongs_to(seeded_client):
    status, body = _search(seeded_client, id_number="AD005831")
    assert status == 200
    first = body["results"][0]
    assert first["name"] == "MNANGAGWA, Emmerson Dambudzo"
    assert first["identifier_match"] == {
        "id_type": "Passport",
        "number": "AD005831",
        "country": "Zimbabwe",
        "category": "passport",
    }


def test_spaces_dashes_and_case_are_ignored(seeded_client):
    _status, body = _search(seeded_client, id_number=" ad-005 831 ")
    assert body["results"][0]["name"] == "MNANGAGWA, Emmerson Dambudzo"


def test_the_issuing_country_qualifies_the_number(seeded_client):
    _status, same = _search(seeded_client, id_number="AD005831", id_country="zw")
    _status, other = _search(seeded_client, id_number="AD005831", id_country="France")
    assert [r["name"] for r in same["results"]] == ["MNANGAGWA, Emmerson Dambudzo"]
    assert other["results"] == []


def test_an_identifier_match_comes_before_name_only_matches(seeded_client):
    _status, body = _search(seeded_client, q="Emmerson Mnangagwa", id_number="DB0009084")
    names = [r["name"] for r in body["results"]]
    assert names[0] == "GERTLER, Dan"
    assert body["results"][0]["identifier_match"]["number"] == "DB0009084"
    assert "MNANGAGWA, Emmerson Dambudzo" in names[1:]
    assert body["results"][names.index("MNANGAGWA, Emmerson Dambudzo")]["identifier_match"] is None


def test_a_name_and_its_own_number_give_one_result_marked_as_identifier_match(seeded_client):
    _status, body = _search(seeded_client, q="Dan Gertler", id_number="10945182")
    gertlers = [r for r in body["results"] if r["name"] == "GERTLER, Dan"]
    assert len(gertlers) == 1
    assert gertlers[0]["identifier_match"]["number"] == "10945182"
    assert body["results"][0]["name"] == "GERTLER, Dan"


def test_a_number_nobody_holds_finds_nothing(seeded_client):
    status, body = _search(seeded_client, id_number="ZZ9999999")
    assert status == 200
    assert body["results"] == [] and body["total"] == 0


def test_a_number_too_short_to_look_up_is_refused_by_name(seeded_client):
    status, body = _search(seeded_client, id_number="-1-")
    assert status == 400
    assert body["error"]["parameter"] == "id_number"


def test_without_q_or_id_number_q_is_still_required(seeded_client):
    status, body = _search(seeded_client)
    assert status == 400
    assert body["error"]["parameter"] == "q"
