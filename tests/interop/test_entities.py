"""GET /entities/<id>: yente's entity endpoint over our FtM ids."""

from __future__ import annotations


def test_an_entity_is_fetched_by_the_id_match_gave(seeded_client):
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Dan Gertler"]}}}}
    result = seeded_client.post("/match/default", json=body).get_json()
    entity_id = result["responses"]["q"]["results"][0]["id"]
    response = seeded_client.get(f"/entities/{entity_id}")
    assert response.status_code == 200
    entity = response.get_json()
    assert (entity["id"], entity["caption"], entity["schema"]) == (
        entity_id,
        "GERTLER, Dan",
        "Person",
    )


def test_a_referents_id_redirects_to_the_subjects_id(seeded_client):
    subject = seeded_client.get("/entities/ofac-sdn-15886").get_json()
    referent = next(r for r in subject["referents"] if r.startswith("uk-sanctions-list-"))
    response = seeded_client.get(f"/entities/{referent}")
    assert response.status_code == 308
    assert response.headers["Location"].endswith("/entities/ofac-sdn-15886")


def test_an_unknown_id_is_a_json_404(seeded_client):
    response = seeded_client.get("/entities/ofac-sdn-999999999")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404
