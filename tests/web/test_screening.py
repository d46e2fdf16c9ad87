"""Batch screening over the web: upload, progress, result download, access, and the API."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest

from tests.conftest import SQLITE_ONLY

JOB_TIMEOUT_SECONDS = 30


def _upload(client, data: bytes, file_name: str = "names.csv", **fields):
    return client.post(
        "/screen",
        data={"file": (io.BytesIO(data), file_name), **fields},
        content_type="multipart/form-data",
    )


def _finished(client, job_url: str) -> dict:
    deadline = time.monotonic() + JOB_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        status = client.get(job_url + "/status").get_json()
        if status["state"] in ("done", "failed"):
            return status
        time.sleep(0.05)
    raise AssertionError("the screening job did not finish")


@pytest.fixture
def screening_app(seeded_app, tmp_path):
    seeded_app.config["SCREENING_JOB_DIR"] = str(tmp_path / "jobs")
    return seeded_app


@pytest.fixture
def job_url(screening_app, seeded_client) -> str:
    data = b"Full_Name;DOB;Ref\nArtem Kuznetsov;1975;A1\nZebulon Quxworthy;;A2\nX;31/02/1970;A3\n"
    response = _upload(seeded_client, data)
    assert response.status_code == 302
    return response.headers["Location"]


def test_the_screen_page_is_linked_from_the_nav(seeded_client):
    assert 'href="/screen"' in seeded_client.get("/").get_data(as_text=True)


def test_an_upload_is_screened_with_a_summary_and_a_csv_download(seeded_client, job_url):
    status = _finished(seeded_client, job_url)
    assert status["state"] == "done"
    assert status["counts"] == {"match": 1, "no match": 1, "error": 1}
    page = seeded_client.get(job_url).get_data(as_text=True)
    assert "Download the results (CSV)" in page
    with seeded_client.get(status["result_url"]) as download:
        rows = list(csv.DictReader(io.StringIO(download.text)))
    assert rows[0]["Ref"] == "A1" and rows[0]["designation_name"] == "KUZNETSOV, Artem"
    assert [r["status"] for r in rows if r["Ref"] != "A1"] == ["no match", "error"]


def test_a_job_is_visible_only_to_the_session_that_uploaded_it(screening_app, job_url):
    other = screening_app.test_client()
    assert other.get(job_url).status_code == 404
    assert other.get(job_url + "/status").status_code == 404
    assert other.get(job_url + "/result.csv").status_code == 404


def test_a_file_without_a_name_column_is_refused_naming_the_columns(screening_app, seeded_client):
    response = _upload(seeded_client, b"surname,born\nSmith,1970\n")
    assert response.status_code == 400
    assert "the columns found are &#34;surname&#34;, &#34;born&#34;" in response.text


def test_a_file_that_is_not_csv_is_refused(screening_app, seeded_client):
    response = _upload(seeded_client, b"%PDF-1.4 ...", file_name="names.pdf")
    assert response.status_code == 400
    assert "is not a .csv file" in response.text


def test_a_file_over_the_size_limit_is_refused(screening_app, seeded_client):
    screening_app.config["SCREENING_MAX_UPLOAD_BYTES"] = 20
    response = _upload(seeded_client, b"name\n" + b"Some Person\n" * 5)
    assert response.status_code == 400
    assert "larger than" in response.text


def test_the_upload_form_needs_its_csrf_token(seeded_db_template, tmp_path):
    from tests.conftest import _app_on_copy

    for app in _app_on_copy(seeded_db_template, tmp_path, SCREENING_JOB_DIR=str(tmp_path)):
        response = _upload(app.test_client(), b"name\nA B\n")
        assert response.status_code == 400
        assert "The form expired" in response.text


def _screen(client, body):
    response = client.post("/api/v1/screen", json=body)
    return response.status_code, response.get_json()


def test_the_api_screens_names_with_errors_in_place(seeded_client):
    status, body = _screen(
        seeded_client,
        {"names": [{"name": "Artem Kuznetsov", "reference": "A1"}, {"name": ""}]},
    )
    assert status == 200
    first, second = body["results"]
    assert first["reference"] == "A1" and first["status"] == "match"
    assert first["matches"][0]["name"] == "KUZNETSOV, Artem"
    assert first["matches"][0]["source_refs"][0] == {"source": "ofac-sdn", "ref": "15886"}
    assert second["status"] == "error" and second["message"].startswith("names[1].name")
    assert body["summary"] == {"rows": 2, "match": 1, "no match": 0, "error": 1}


@pytest.mark.parametrize(
    ("body", "parameter"),
    [
        ([1, 2], "body"),
        ({"names": "Artem"}, "names"),
        ({"names": [], "threshold": "high"}, "threshold"),
        ({"names": [], "threshold": 1.5}, "threshold"),
    ],
)
def test_a_bad_api_body_is_a_400_naming_the_field(seeded_client, body, parameter):
    status, answer = _screen(seeded_client, body)
    assert status == 400
    assert answer["error"]["parameter"] == parameter


def test_more_names_than_the_api_allows_is_a_413(seeded_app, seeded_client):
    seeded_app.config["SCREENING_API_MAX_NAMES"] = 3
    status, answer = _screen(seeded_client, {"names": [{"name": "A B"}] * 4})
    assert status == 413
    assert answer["error"]["parameter"] == "names"


def test_the_cli_screens_a_file_into_an_output_csv(seeded_app, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("name,reference\nArtem Kuznetsov,A1\nZebulon Quxworthy,A2\n", "utf-8")
    target = tmp_path / "out.csv"
    result = seeded_app.test_cli_runner().invoke(
        args=["screen", str(source), "-o", str(target), "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "Screened 2 rows: 1 match, 1 no match, 0 error" in result.output
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[0]["url"].endswith(f"/designations/{rows[0]['designation_id']}")


def test_the_cli_refuses_a_file_without_a_name_column(seeded_app, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("surname\nSmith\n", "utf-8")
    result = seeded_app.test_cli_runner().invoke(
        args=["screen", str(source), "-o", str(tmp_path / "out.csv")]
    )
    assert result.exit_code == 1
    assert "No column of names" in result.output


def test_the_result_page_shows_each_rows_matches_filtered_by_status(seeded_client, job_url):
    _finished(seeded_client, job_url)

    everything = seeded_client.get(job_url).get_data(as_text=True)
    matches = seeded_client.get(job_url + "?status=match").get_data(as_text=True)
    errors = seeded_client.get(job_url + "?status=error").get_data(as_text=True)

    assert "Artem Kuznetsov" in everything and "Zebulon Quxworthy" in everything
    assert "KUZNETSOV, Artem" in matches and "Zebulon Quxworthy" not in matches
    assert "<td>1.00</td>" in matches and "Measures" in matches  # score and the service's columns
    assert "X" in errors and "is not a date" in errors and "Artem Kuznetsov" not in errors


def test_the_excel_download_starts_with_a_utf8_byte_order_mark(seeded_client):
    response = _upload(seeded_client, "name\nКузнецов Артём\n".encode())
    job_url = response.headers["Location"]
    status = _finished(seeded_client, job_url)
    with seeded_client.get(status["result_url"] + "?excel=1") as download:
        body = download.data
    assert body.startswith(b"\xef\xbb\xbf")
    assert "Кузнецов Артём" in body[3:].decode("utf-8")
    assert "excel" in download.headers["Content-Disposition"]


@SQLITE_ONLY
def test_a_job_stays_with_its_browser_after_the_server_restarts(
    seeded_app, seeded_client, job_url, tmp_path
):
    from tests.conftest import _close, _make_app

    _finished(seeded_client, job_url)
    database = seeded_app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    restarted = _make_app(
        Path(database), SCREENING_JOB_DIR=seeded_app.config["SCREENING_JOB_DIR"]
    )  # a new process: new secret-free state, same database and files
    client = restarted.test_client()
    client.set_cookie("screening_owner", seeded_client.get_cookie("screening_owner").value)
    try:
        assert client.get(job_url + "/status").get_json()["state"] == "done"
        assert restarted.test_client().get(job_url).status_code == 404  # another browser
    finally:
        _close(restarted)


def test_a_finished_screening_cannot_be_cancelled_and_says_so(seeded_client, job_url):
    _finished(seeded_client, job_url)
    response = seeded_client.post(job_url + "/cancel")  # CSRF is off in these tests
    assert response.status_code == 302
    assert seeded_client.get(job_url + "/status").get_json()["state"] == "done"


def test_the_result_page_shows_each_measure_once_with_its_programs():
    from app.screening.jobs import shown_cell

    listed = "US Asset freeze (MAGNIT); US Visa ban (MAGNIT); US Asset freeze (GLOMAG)"
    assert (
        shown_cell("measures", listed) == "US Asset freeze (MAGNIT, GLOMAG); US Visa ban (MAGNIT)"
    )


def test_the_result_page_shows_scores_to_two_places_as_the_search_page_does():
    from app.screening.jobs import shown_cell

    assert (shown_cell("score", "0.9500"), shown_cell("score", "n/a")) == ("0.95", "n/a")
