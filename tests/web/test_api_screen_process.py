"""POST /api/v1/screen in the worker's screening process (SCREENING_API_PROCESS): same answer."""

from __future__ import annotations

from app.services import screening

NAMES = {"names": [{"name": "Ivan Petrov"}, {"name": "Nobody Atall"}, {"name": "Kadyrov Ramzan"}]}


def _comparable(body: dict) -> dict:
    return {key: value for key, value in body.items() if key != "screened_at"}


def test_screening_in_the_process_answers_as_screening_in_the_worker(seeded_app, seeded_client):
    in_worker = seeded_client.post("/api/v1/screen", json=NAMES)
    seeded_app.config["SCREENING_API_PROCESS"] = True
    in_process = seeded_client.post("/api/v1/screen", json=NAMES)
    assert in_process.status_code == in_worker.status_code == 200
    assert in_worker.get_json()["summary"]["match"] >= 1  # something to compare
    assert _comparable(in_process.get_json()) == _comparable(in_worker.get_json())


def test_a_screening_process_over_its_time_is_a_503(seeded_app, seeded_client):
    seeded_app.config.update(SCREENING_API_PROCESS=True, SCREENING_API_TIMEOUT_SECONDS=0.001)
    response = seeded_client.post("/api/v1/screen", json=NAMES)
    assert response.status_code == 503
    assert "busy" in response.get_json()["error"]["message"]


def test_screen_in_process_returns_the_chunks_of_every_row(seeded_app):
    with seeded_app.app_context():
        from app.extensions import db

        uri = db.engine.url.render_as_string(hide_password=False)
    settings = screening.ScreeningSettings(
        threshold=0.8, candidate_limit=50, max_matches=5, max_name_length=300
    )
    rows = [screening.row_from_json(i, {"name": f"Ivan Petrov {i}"}, 300) for i in range(25)]
    chunks = screening.screen_in_process(uri, rows, settings, 10, 0, 60)
    assert [len(chunk) for chunk in chunks] == [10, 10, 5]
