"""Monitored lists over the API: a screened client list, monitored with a webhook on
127.0.0.1, hears of the imports that touch its clients, and only of those."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.extensions import db
from app.models import ScreeningHit, ScreeningRow
from app.services import decisions
from tests.monitoring_support import (
    SECRET,
    Receiver,
    analyst,
    import_ofac,
    signature,
    stored_run,
)

FIRST_LIST = [
    (101, "KUZNETSOV, Artem Dmitrievich", "MAGNIT"),
    (102, "PETROV, Boris Ivanovich", "MAGNIT"),
    (103, "OSTROVSKY, Gennady Pavlovich", "MAGNIT"),
    (104, "LEBEDEV, Nikolai Sergeevich", "MAGNIT"),
]
CLIENTS = ["Artem Dmitrievich Kuznetsov", "Boris Ivanovich Petrov", "Ivan Sidorov", "Maria Orlova"]


@pytest.fixture
def receiver():
    started = Receiver().start()
    yield started
    started.stop()


@pytest.fixture
def monitored(app, client, tmp_path, receiver):
    """Clients screened against FIRST_LIST, monitored with a signed webhook."""
    import_ofac(app, tmp_path / "first", FIRST_LIST)
    person = analyst()
    run_id = stored_run(person.user, CLIENTS)
    answer = client.post(
        "/api/v1/monitored-lists",
        json={
            "name": "Private clients",
            "screening_id": run_id,
            "webhook_url": receiver.url,
            "webhook_secret": SECRET,
        },
        headers=person.headers,
    )
    assert answer.status_code == 201, answer.get_json()
    return person, answer.get_json()["id"], run_id


def _digests(client, person, list_id: int) -> list[dict]:
    answer = client.get(f"/api/v1/monitored-lists/{list_id}/digests", headers=person.headers)
    assert answer.status_code == 200
    return answer.get_json()["digests"]


def _names(hits: list[dict]) -> set[str]:
    return {hit["row"]["name"] for hit in hits}


def test_an_import_adding_clients_and_delisting_another_is_one_digest_and_a_signed_webhook(
    app, client, tmp_path: Path, monitored, receiver
):
    person, list_id, _run = monitored
    second = [row for row in FIRST_LIST if row[0] != 102] + [
        (105, "SIDOROV, Ivan", "GLOMAG"),
        (106, "ORLOVA, Maria", "GLOMAG"),
    ]
    import_ofac(app, tmp_path / "second", second)

    digests = _digests(client, person, list_id)
    assert len(digests) == 1
    digest = digests[0]
    assert _names(digest["new_hits"]) == {"Ivan Sidorov", "Maria Orlova"}
    assert _names(digest["delisted"]) == {"Boris Ivanovich Petrov"}
    assert digest["changed_hits"] == []
    assert digest["import"]["source"] == "ofac-sdn"
    new = next(h for h in digest["new_hits"] if h["row"]["name"] == "Ivan Sidorov")
    assert new["subject"]["name"] == "SIDOROV, Ivan"
    assert new["score"] >= 0.8
    assert {m["type"] for m in new["measures"]} == {"asset_freeze", "visa_ban"}
    received = receiver.wait_for(1)
    assert received[0].headers["X-Signature-SHA256"] == signature(received[0].body)
    assert received[0].json()["id"] == digest["id"]
    assert _names(received[0].json()["new_hits"]) == {"Ivan Sidorov", "Maria Orlova"}


def test_an_import_that_touches_none_of_the_clients_writes_no_digest(
    app, client, tmp_path: Path, monitored, receiver
):
    person, list_id, _run = monitored
    import_ofac(app, tmp_path / "second", [*FIRST_LIST, (107, "ZHANG, Wei", "GLOMAG")])

    assert _digests(client, person, list_id) == []
    assert receiver.received == []
    listed = client.get(f"/api/v1/monitored-lists/{list_id}", headers=person.headers).get_json()
    assert listed["last_checked_at"] is not None
    assert [v["source"] for v in listed["checked_lists"]] == ["ofac-sdn"]


def _decide_false_positive(person, run_id: str, client_name: str) -> None:
    rows = db.session.scalars(db.select(ScreeningRow).where(ScreeningRow.run_id == run_id))
    row = next(r for r in rows if r.input["name"] == client_name)
    hit = db.session.scalars(db.select(ScreeningHit).where(ScreeningHit.row_id == row.id)).first()
    decisions.record_decision(
        db.session,
        client_key=row.client_key,
        subject_key=hit.subject_key,
        decision="false_positive",
        reason="another person: born 1990, not 1975",
        user=person.user,
        reason_max_length=2000,
        run_id=run_id,
        hit_id=hit.id,
    )


def test_a_false_positive_stays_closed_when_an_import_adds_a_namesake(
    app, client, tmp_path: Path, monitored
):
    person, list_id, run_id = monitored
    _decide_false_positive(person, run_id, "Artem Dmitrievich Kuznetsov")
    import_ofac(
        app, tmp_path / "second", [*FIRST_LIST, (108, "KUZNETSOV, Artem Dmitrievich", "GLOMAG")]
    )

    digest = _digests(client, person, list_id)[0]
    reported = [_refs(h) for h in digest["new_hits"] + digest["changed_hits"] + digest["delisted"]]
    assert reported == [{"108"}]


def _refs(hit: dict) -> set[str]:
    return {ref["ref"] for ref in hit["subject"]["source_refs"]}


def test_a_false_positive_reopens_under_changed_hits_when_its_listing_changes(
    app, client, tmp_path: Path, monitored
):
    person, list_id, run_id = monitored
    _decide_false_positive(person, run_id, "Artem Dmitrievich Kuznetsov")
    changed = [(101, "KUZNETSOV, Artem Dmitrievich", "GLOMAG"), *FIRST_LIST[1:]]
    import_ofac(app, tmp_path / "second", changed)

    digest = _digests(client, person, list_id)[0]
    assert digest["new_hits"] == [] and digest["delisted"] == []
    (hit,) = digest["changed_hits"]
    assert hit["row"]["name"] == "Artem Dmitrievich Kuznetsov"
    assert hit["decision"]["decision"] == "false_positive"
    assert any("GLOMAG" in change for change in hit["changes"])


def test_a_known_hit_that_gains_measures_is_a_changed_hit(app, client, tmp_path: Path, monitored):
    person, list_id, _run = monitored
    changed = [(101, "KUZNETSOV, Artem Dmitrievich", "MAGNIT] [GLOMAG"), *FIRST_LIST[1:]]
    import_ofac(app, tmp_path / "second", changed)

    (hit,) = _digests(client, person, list_id)[0]["changed_hits"]
    assert hit["row"]["name"] == "Artem Dmitrievich Kuznetsov"
    assert hit["changed"]["measures_gained"] and not hit["changed"]["measures_lost"]
    assert hit["decision"] is None


def test_monitored_lists_need_a_token(client):
    assert client.post("/api/v1/monitored-lists", json={}).status_code == 401
    assert client.get("/api/v1/monitored-lists/1/digests").status_code == 401


def test_another_accounts_monitored_list_is_not_found(app, client, monitored):
    _person, list_id, _run = monitored
    other = analyst("other@example.org")
    for path in ("", "/digests"):
        answer = client.get(f"/api/v1/monitored-lists/{list_id}{path}", headers=other.headers)
        assert answer.status_code == 404
    answer = client.post(
        f"/api/v1/monitored-lists/{list_id}/rows",
        json={"rows": [{"name": "Someone"}]},
        headers=other.headers,
    )
    assert answer.status_code == 404


def test_another_accounts_run_cannot_be_monitored(app, client, monitored):
    _person, _list_id, run_id = monitored
    other = analyst("other@example.org")
    answer = client.post(
        "/api/v1/monitored-lists", json={"name": "x", "screening_id": run_id}, headers=other.headers
    )
    assert answer.status_code == 404


@pytest.mark.parametrize(
    ("body", "parameter"),
    [
        ({"screening_id": "x" * 20}, "name"),
        ({"name": "x" * 201, "screening_id": "x" * 20}, "name"),
        ({"name": "clients"}, "screening_id"),
        ({"name": "clients", "screening_id": 5}, "screening_id"),
        ({"name": "clients", "screening_id": "x" * 41}, "screening_id"),
    ],
)
def test_a_bad_monitored_list_is_refused_naming_the_field(app, client, body, parameter):
    person = analyst()
    answer = client.post("/api/v1/monitored-lists", json=body, headers=person.headers)
    assert answer.status_code == 400
    assert answer.get_json()["error"]["parameter"] == parameter


def test_a_body_that_is_not_a_json_object_is_refused(app, client):
    person = analyst()
    answer = client.post(
        "/api/v1/monitored-lists", data="[1]", content_type="application/json",
        headers=person.headers,
    )  # fmt: skip
    assert answer.status_code == 400
    assert answer.get_json()["error"]["parameter"] == "body"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/hook",
        "http:///nohost",
        "http://user:pass@example.org/hook",
        "not a url",
        "http://example.org/" + "x" * 2000,
    ],
)
def test_a_malformed_webhook_url_is_refused(app, client, monitored, url):
    person, _list_id, run_id = monitored
    answer = client.post(
        "/api/v1/monitored-lists",
        json={"name": "again", "screening_id": run_id, "webhook_url": url},
        headers=person.headers,
    )
    assert answer.status_code == 400
    assert answer.get_json()["error"]["parameter"] == "webhook_url"


def test_rows_are_added_and_removed(app, client, tmp_path: Path, monitored):
    person, list_id, _run = monitored
    path = f"/api/v1/monitored-lists/{list_id}/rows"
    added = client.post(
        path,
        json={"rows": [{"name": "Gennady Pavlovich Ostrovsky", "reference": "C-9"}]},
        headers=person.headers,
    )
    assert added.status_code == 201
    row_id = added.get_json()["added"][0]["id"]
    # The added row was screened against the whole database: its match is known, so a
    # later import that leaves it alone says nothing about it.
    import_ofac(app, tmp_path / "second", [*FIRST_LIST, (109, "ZHANG, Wei", "GLOMAG")])
    assert _digests(client, person, list_id) == []

    removed = client.open(path, method="DELETE", json={"ids": [row_id]}, headers=person.headers)
    assert removed.status_code == 200 and removed.get_json()["removed"] == 1
    listed = client.get(f"/api/v1/monitored-lists/{list_id}", headers=person.headers).get_json()
    assert "Gennady Pavlovich Ostrovsky" not in {r["name"] for r in listed["client_rows"]}


@pytest.mark.parametrize(
    ("body", "parameter"),
    [
        ({}, "rows"),
        ({"rows": "Ivan"}, "rows"),
        ({"rows": [{"name": ""}]}, "rows[0]"),
        ({"rows": [{"name": 5}]}, "rows[0]"),
        ({"rows": [{"name": "Ivan", "birth_date": "yesterday"}]}, "rows[0]"),
        ({"rows": [{"name": "Ivan", "reference": "r" * 201}]}, "rows[0].reference"),
    ],
)
def test_bad_rows_are_refused_naming_the_row(app, client, monitored, body, parameter):
    person, list_id, _run = monitored
    answer = client.post(
        f"/api/v1/monitored-lists/{list_id}/rows", json=body, headers=person.headers
    )
    assert answer.status_code == 400
    assert answer.get_json()["error"]["parameter"] == parameter


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "limit=x", "offset=-1"])
def test_bad_digest_paging_is_refused(app, client, monitored, query):
    person, list_id, _run = monitored
    answer = client.get(
        f"/api/v1/monitored-lists/{list_id}/digests?{query}", headers=person.headers
    )
    assert answer.status_code == 400


def test_a_digest_downloads_as_json_with_its_webhook_attempts(
    app, client, tmp_path: Path, monitored, receiver
):
    person, list_id, _run = monitored
    import_ofac(app, tmp_path / "second", [*FIRST_LIST, (105, "SIDOROV, Ivan", "GLOMAG")])
    digest = _digests(client, person, list_id)[0]
    answer = client.get(
        f"/api/v1/monitored-lists/{list_id}/digests/{digest['id']}", headers=person.headers
    )
    (delivery,) = answer.get_json()["deliveries"]
    assert delivery["state"] == "delivered"
    assert delivery["attempts"][0]["status_code"] == 200
    assert json.loads(receiver.received[0].body)["id"] == digest["id"]


def test_a_full_re_screen_is_queued_and_finds_nothing_new_for_known_hits(app, client, monitored):
    person, list_id, _run = monitored
    path = f"/api/v1/monitored-lists/{list_id}"
    before = client.get(path, headers=person.headers).get_json()["last_checked_at"]
    answer = client.post(f"{path}/rescreen", headers=person.headers)
    assert answer.status_code == 202 and answer.get_json()["job_id"]
    # Testing runs jobs at once: the list was checked again, and nothing was new.
    assert client.get(path, headers=person.headers).get_json()["last_checked_at"] != before
    assert _digests(client, person, list_id) == []


def test_the_whole_loop_through_the_api_screen_monitor_import_decide(
    app, client, tmp_path: Path, receiver
):
    import_ofac(app, tmp_path / "first", FIRST_LIST)
    person = analyst()
    screened = client.post(
        "/api/v1/screen",
        json={"names": [{"name": n, "reference": f"C-{i}"} for i, n in enumerate(CLIENTS)]},
        headers=person.headers,
    )
    assert screened.status_code == 200, screened.get_json()
    run_id = screened.get_json()["screening_id"]
    created = client.post(
        "/api/v1/monitored-lists",
        json={"name": "Clients", "screening_id": run_id, "webhook_url": receiver.url,
              "webhook_secret": SECRET},
        headers=person.headers,
    )  # fmt: skip
    list_id = created.get_json()["id"]
    run = client.get(f"/api/v1/screenings/{run_id}", headers=person.headers).get_json()
    kuznetsov = next(r for r in run["rows"] if r["input"]["name"] == CLIENTS[0])["hits"][0]
    decided = client.post(
        f"/api/v1/screenings/{run_id}/hits/{kuznetsov['hit_id']}/decision",
        json={"decision": "false_positive", "reason": "a namesake, born elsewhere"},
        headers=person.headers,
    )
    assert decided.status_code == 201
    second = [row for row in FIRST_LIST if row[0] != 102] + [(105, "SIDOROV, Ivan", "GLOMAG")]
    import_ofac(app, tmp_path / "second", second)

    (digest,) = _digests(client, person, list_id)
    assert _names(digest["new_hits"]) == {"Ivan Sidorov"}
    assert _names(digest["delisted"]) == {"Boris Ivanovich Petrov"}
    assert CLIENTS[0] not in _names(digest["changed_hits"])
    (received,) = receiver.wait_for(1)
    assert received.headers["X-Signature-SHA256"] == signature(received.body)
    assert received.json()["id"] == digest["id"]


def test_rows_are_removed_by_client_reference(app, client, monitored):
    person, list_id, _run = monitored
    path = f"/api/v1/monitored-lists/{list_id}/rows"
    client.post(path, json={"rows": [{"name": "Olga Pavlova", "reference": "C-42"}]},
                headers=person.headers)  # fmt: skip
    removed = client.open(path, method="DELETE", json={"references": ["c-42"]},
                          headers=person.headers)  # fmt: skip
    assert removed.get_json()["removed"] == 1
    bad = client.open(path, method="DELETE", json={"ids": ["1"]}, headers=person.headers)
    assert bad.status_code == 400 and bad.get_json()["error"]["parameter"] == "ids"
