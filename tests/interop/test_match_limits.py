"""The work one /match or /reconcile batch may ask for is bounded (MATCH_MAX_BATCH_CHARS),
so every request the limits accept answers well inside the worker's timeout."""

from __future__ import annotations

import json


def _batch(count, names_per_query, length=20):
    """``count`` queries, each of ``names_per_query`` different names of ``length``."""
    base = "Quentin Zarathustra " * 20

    def names():
        return [(chr(65 + n) + base)[:length].strip() for n in range(names_per_query)]

    return {
        "queries": {
            f"q{i}": {"schema": "Person", "properties": {"name": names()}} for i in range(count)
        }
    }


def test_a_batch_of_100_one_name_queries_is_within_the_limits(seeded_client):
    response = seeded_client.post("/match/default", json=_batch(100, 1))
    assert response.status_code == 200
    assert len(response.get_json()["responses"]) == 100


def test_a_batch_over_the_work_limit_is_a_413_naming_the_limit(seeded_client):
    # 100 queries of 5 names of 40 characters: 20,000 characters, over 5,000.
    response = seeded_client.post("/match/default", json=_batch(100, 5, length=40))
    body = response.get_json()
    assert response.status_code == 413
    assert "MATCH_MAX_BATCH_CHARS" in body["detail"]
    assert "5000" in body["error"]["message"]
    assert body["error"]["parameter"] == "queries"


def test_short_names_count_at_least_the_minimum(seeded_app):
    # 40 queries of 5 one-letter names count 40 * 5 * 40 = 8,000 characters.
    seeded_app.config["MATCH_MAX_BATCH_CHARS"] = 7_999
    response = seeded_app.test_client().post("/match/default", json=_batch(40, 5, length=1))
    assert response.status_code == 413


def test_the_work_limit_holds_for_reconciliation_batches(seeded_app):
    seeded_app.config["MATCH_MAX_BATCH_CHARS"] = 100
    queries = {f"q{i}": {"query": "Dan Gertler"} for i in range(5)}  # 5 * 40 = 200
    response = seeded_app.test_client().post("/reconcile", data={"queries": json.dumps(queries)})
    assert response.status_code == 413
    assert "MATCH_MAX_BATCH_CHARS" in response.get_json()["error"]["message"]
