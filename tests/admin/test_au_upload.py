"""The browser import takes Australia's list (an Excel workbook) too."""

from __future__ import annotations

import io

from flask import Flask

from app.extensions import db
from app.models import Designation
from tests.admin.helpers import csrf_token, page_token, signed_in
from tests.conftest import REPO_ROOT

AU_SEED = REPO_ROOT / "seed_data" / "au" / "au_thematic_2026-02.xlsx"


def _upload(client, upload: tuple[io.BytesIO, str]):  # noqa: ANN001
    token = page_token(client, "/admin/imports")
    data = {"csrf_token": token, "format": "au-xlsx", "list_file": upload}
    return client.post("/admin/imports", data=data, content_type="multipart/form-data")


def test_the_australian_list_can_be_uploaded_previewed_and_applied(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    response = _upload(client, (io.BytesIO(AU_SEED.read_bytes()), AU_SEED.name))
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<strong id="count-created">119</strong>' in html
    client.post(response.headers["Location"] + "/confirm", data={"csrf_token": csrf_token(html)})
    with admin_app.app_context():
        assert db.session.scalar(db.select(db.func.count(Designation.id))) == 119


def test_an_xlsx_upload_must_be_a_workbook(admin_app: Flask) -> None:
    response = _upload(signed_in(admin_app), (io.BytesIO(b"name,dob\n"), "list.xlsx"))
    assert response.status_code == 400
    assert "is not an Excel workbook" in response.get_data(as_text=True)
