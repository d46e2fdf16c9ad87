"""Exports are built once per data version and served from the file, with revalidation."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.models import Designation


def _get(client, path: str, **headers: str):  # noqa: ANN001
    with client.get(path, headers=headers) as response:
        return response.status_code, response.headers, response.get_data(as_text=True)


def _built_files(app) -> list[Path]:  # noqa: ANN001
    return sorted(Path(app.config["EXPORT_CACHE_DIR"]).glob("*.csv"))


def test_an_export_has_an_etag_and_last_modified(seeded_client):
    status, headers, body = _get(seeded_client, "/export.csv")
    assert status == 200
    assert headers["ETag"] and headers["Last-Modified"]
    assert body.startswith("id,url,kind,name,")


def test_if_none_match_gets_a_304(seeded_client):
    _, headers, _ = _get(seeded_client, "/export.csv")
    status, _, body = _get(seeded_client, "/export.csv", **{"If-None-Match": headers["ETag"]})
    assert (status, body) == (304, "")


def test_if_modified_since_gets_a_304(seeded_client):
    _, headers, _ = _get(seeded_client, "/export.jsonl")
    since = headers["Last-Modified"]
    status, _, _ = _get(seeded_client, "/export.jsonl", **{"If-Modified-Since": since})
    assert status == 304


def test_the_export_is_built_once_for_repeated_requests(seeded_app, seeded_client):
    _get(seeded_client, "/export.csv")
    [built] = _built_files(seeded_app)
    built_at = built.stat().st_ctime_ns
    _, _, body = _get(seeded_client, "/export.csv")
    assert _built_files(seeded_app) == [built]
    assert built.stat().st_ctime_ns == built_at
    assert body == built.read_bytes().decode("utf-8")


def test_an_edit_makes_a_new_version_with_the_change(seeded_app, seeded_client):
    _, before, _ = _get(seeded_client, "/export.csv")
    designation = db.session.scalars(select(Designation).order_by(Designation.id)).first()
    designation.remarks = "Remarks changed after the first export"
    db.session.commit()
    status, after, body = _get(seeded_client, "/export.csv", **{"If-None-Match": before["ETag"]})
    assert status == 200
    assert after["ETag"] != before["ETag"]
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(body))}
    assert rows[str(designation.id)]["remarks"] == "Remarks changed after the first export"


def test_record_urls_follow_the_trusted_host_of_the_request(seeded_client):
    _get(seeded_client, "/export.csv")
    _, _, body = _get(seeded_client, "/export.csv", Host="127.0.0.1:5000")
    urls = [row["url"] for row in csv.DictReader(io.StringIO(body))]
    assert urls and all(url.startswith("http://127.0.0.1:5000/designations/") for url in urls)


def test_an_unknown_program_is_an_empty_export_without_a_file(seeded_app, seeded_client):
    status, _, body = _get(seeded_client, "/export.csv?program=NO-SUCH-PROGRAM")
    assert status == 200
    assert body.strip() == ",".join(next(csv.reader(io.StringIO(body))))
    assert _built_files(seeded_app) == []


def test_exports_are_rate_limited_per_client(seeded_app, seeded_client):
    seeded_app.config["EXPORT_RATE_LIMIT"] = "2 per minute"
    statuses = [_get(seeded_client, "/export.jsonl?status=active")[0] for _ in range(3)]
    assert statuses == [200, 200, 429]
