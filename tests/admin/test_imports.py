"""Imports from the browser: upload, preview, confirm; wrong and oversized files."""

from __future__ import annotations

import io
import re
from pathlib import Path

from flask import Flask

from app.extensions import db
from app.models import AuditEntry, Designation
from tests.admin.helpers import csrf_token, page_token, signed_in
from tests.builders import sdn_row, write_ofac_set


def _upload(client, files: dict, format_name: str = "ofac-csv"):  # noqa: ANN001
    token = page_token(client, "/admin/imports")
    data = {"csrf_token": token, "format": format_name, **files}
    return client.post("/admin/imports", data=data, content_type="multipart/form-data")


def _ofac_files(folder: Path) -> dict:
    write_ofac_set(folder, [sdn_row(900001, "UPLOADOV, Petr"), sdn_row(900002, "UPLOADOVA, Anna")])
    return {"sdn": (io.BytesIO((folder / "sdn.csv").read_bytes()), "sdn.csv")}


def _count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Designation.id)))


def test_an_upload_shows_a_preview_and_changes_nothing(admin_app: Flask, tmp_path: Path) -> None:
    client = signed_in(admin_app)
    response = _upload(client, _ofac_files(tmp_path / "set"))
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<strong id="count-created">2</strong>' in html
    assert "UPLOADOV, Petr" in html
    assert _count(admin_app) == 0


def test_confirming_applies_the_import_and_audits_it(admin_app: Flask, tmp_path: Path) -> None:
    client = signed_in(admin_app)
    preview_url = _upload(client, _ofac_files(tmp_path / "set")).headers["Location"]
    token = csrf_token(client.get(preview_url).get_data(as_text=True))
    response = client.post(preview_url + "/confirm", data={"csrf_token": token, "submit": "Apply"})
    assert response.status_code == 302
    assert _count(admin_app) == 2
    with admin_app.app_context():
        actions = db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)).all()
        parent = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "import"))
        assert actions == ["user-create", "import", "import-create", "import-create"]
        assert parent.actor == "editor@example.org"
        assert parent.details["created"] == 2 and parent.details["file"] == "sdn.csv"
    assert "UPLOADOV, Petr" in client.get("/search?q=Uploadov+Petr").get_data(as_text=True)


def test_cancelling_discards_the_upload(admin_app: Flask, tmp_path: Path) -> None:
    client = signed_in(admin_app)
    preview_url = _upload(client, _ofac_files(tmp_path / "set")).headers["Location"]
    token = csrf_token(client.get(preview_url).get_data(as_text=True))
    client.post(preview_url + "/confirm", data={"csrf_token": token, "cancel": "Cancel"})
    assert client.get(preview_url).status_code == 302  # gone
    assert _count(admin_app) == 0


def test_an_upload_is_only_visible_to_whoever_uploaded_it(admin_app: Flask, tmp_path: Path) -> None:
    preview_url = _upload(signed_in(admin_app), _ofac_files(tmp_path / "set")).headers["Location"]
    other = signed_in(admin_app, email="other@example.org")
    assert other.get(preview_url).status_code == 302


def test_a_file_of_the_wrong_type_gets_a_clear_message(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    response = _upload(client, {"sdn": (io.BytesIO(b"%PDF-1.4 binary"), "list.pdf")})
    assert response.status_code == 400
    assert "is not a .csv file" in response.get_data(as_text=True)


def test_a_binary_file_named_csv_is_refused(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    response = _upload(client, {"sdn": (io.BytesIO(b"PK\x03\x04\x00\x00"), "sdn.csv")})
    assert response.status_code == 400
    assert "looks binary" in response.get_data(as_text=True)


def test_a_garbled_list_is_refused_at_preview(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    garbage = b"".join(b"%d,not,a,list\r\n" % i for i in range(50))
    preview_url = _upload(client, {"sdn": (io.BytesIO(garbage), "sdn.csv")}).headers["Location"]
    response = client.get(preview_url)
    assert response.status_code == 400
    assert "nothing was changed" in response.get_data(as_text=True)


def test_an_xml_upload_must_be_xml(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    response = _upload(client, {"list_file": (io.BytesIO(b"hello"), "un.xml")}, "un-xml")
    assert response.status_code == 400
    assert "is not an XML file" in response.get_data(as_text=True)


def test_an_oversized_upload_gets_a_clear_413_page(admin_app: Flask) -> None:
    admin_app.config["MAX_CONTENT_LENGTH"] = 10_000
    client = signed_in(admin_app)
    big = io.BytesIO(b"x" * 20_000)
    response = _upload(client, {"sdn": (big, "sdn.csv")})
    assert response.status_code == 413
    assert "The upload is too large" in response.get_data(as_text=True)


def test_the_upload_waits_under_its_token_until_confirmed(admin_app: Flask, tmp_path: Path) -> None:
    client = signed_in(admin_app)
    token = _upload(client, _ofac_files(tmp_path / "set")).headers["Location"].rsplit("/", 1)[1]
    assert (Path(admin_app.config["IMPORT_UPLOAD_DIR"]) / token / "sdn.csv").is_file()


SEED = Path(__file__).resolve().parents[2] / "seed_data"


def _seed_file(name: str) -> tuple[io.BytesIO, str]:
    path = next((SEED / name.split("/")[0]).glob(name.split("/")[1]))
    return io.BytesIO(path.read_bytes()), path.name


def test_the_uk_list_can_be_uploaded_previewed_and_applied(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    response = _upload(client, {"list_file": _seed_file("uk/*.csv")}, "uk-csv")
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<strong id="count-created">217</strong>' in html
    token = csrf_token(html)
    client.post(response.headers["Location"] + "/confirm", data={"csrf_token": token})
    assert _count(admin_app) == 217


def test_the_canada_list_can_be_uploaded_and_previewed(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    response = _upload(client, {"list_file": _seed_file("canada/*.xml")}, "canada-xml")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<strong id="count-created">70</strong>' in html
    assert _count(admin_app) == 0


def test_an_ods_upload_must_be_a_spreadsheet(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    response = _upload(client, {"list_file": (io.BytesIO(b"name,dob\n"), "list.ods")}, "uk-ods")
    assert response.status_code == 400
    assert "is not an OpenDocument spreadsheet" in response.get_data(as_text=True)


def test_a_single_file_format_needs_its_file(admin_app: Flask) -> None:
    response = _upload(signed_in(admin_app), {}, "uk-csv")
    assert response.status_code == 400
    assert "Choose the list&#39;s .csv file." in response.get_data(as_text=True)


def test_a_refused_upload_names_the_uploaded_file_and_is_not_kept(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    upload = (io.BytesIO(b"nothing,like,the,list\n"), "my-uk-list.csv")
    preview_url = _upload(client, {"list_file": upload}, "uk-csv").headers["Location"]
    token = preview_url.rsplit("/", 1)[1]

    response = client.get(preview_url)

    text = response.get_data(as_text=True)
    assert response.status_code == 400 and "my-uk-list.csv" in text
    assert token not in text.replace(preview_url, "") and "uk-sanctions-list.csv" not in text
    folder = Path(admin_app.config["IMPORT_UPLOAD_DIR"]) / token
    assert not (folder / "uk-sanctions-list.csv").exists()


def test_reopening_a_preview_does_not_read_the_files_again(admin_app: Flask, tmp_path: Path):
    from app.models.job import Job

    client = signed_in(admin_app)
    preview_url = _upload(client, _ofac_files(tmp_path / "set")).headers["Location"]
    first = client.get(preview_url).get_data(as_text=True)
    second = client.get(preview_url).get_data(as_text=True)
    with admin_app.app_context():
        previews = db.session.scalars(db.select(Job).where(Job.kind == "import-preview")).all()
    assert len(previews) == 1 and previews[0].attempts == 1
    # The same page but for the CSRF token, which is signed with the second it was made.
    first, second = (re.sub(r'name="csrf_token"[^>]*>', "", page) for page in (first, second))
    assert '<strong id="count-created">2</strong>' in first and first == second


def test_a_confirmed_upload_is_not_kept_and_cannot_be_applied_twice(admin_app, tmp_path):
    client = signed_in(admin_app)
    preview_url = _upload(client, _ofac_files(tmp_path / "set")).headers["Location"]
    token = csrf_token(client.get(preview_url).get_data(as_text=True))
    job_url = client.post(preview_url + "/confirm", data={"csrf_token": token}).headers["Location"]
    again = client.post(preview_url + "/confirm", data={"csrf_token": token})

    folder = Path(admin_app.config["IMPORT_UPLOAD_DIR"]) / preview_url.rsplit("/", 1)[1]
    assert not (folder / "sdn.csv").exists()
    assert again.headers["Location"].startswith("/admin/imports")
    assert client.get(preview_url).headers["Location"] == job_url  # the import's job page


def test_uploads_never_confirmed_are_discarded_after_their_age_limit(admin_app, tmp_path):
    import os
    import time

    from app import jobs

    client = signed_in(admin_app)
    token = _upload(client, _ofac_files(tmp_path / "set")).headers["Location"].rsplit("/", 1)[1]
    folder = Path(admin_app.config["IMPORT_UPLOAD_DIR"]) / token
    old = time.time() - admin_app.config["IMPORT_UPLOAD_MAX_AGE_SECONDS"] - 60
    os.utime(folder, (old, old))

    jobs.runner(admin_app).sweep_files()

    assert not folder.exists()
