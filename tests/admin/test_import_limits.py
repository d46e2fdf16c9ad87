"""Hostile import files uploaded in the browser are refused at preview (issue 10)."""

from __future__ import annotations

import io
from pathlib import Path

from flask import Flask

from app.services.importing.uk_list import COLUMNS
from tests.admin.helpers import page_token, signed_in
from tests.builders import ods_cell, ods_row, sdn_row, write_ods


def _upload(client, files: dict, format_name: str):  # noqa: ANN001
    token = page_token(client, "/admin/imports")
    data = {"csrf_token": token, "format": format_name, **files}
    return client.post("/admin/imports", data=data, content_type="multipart/form-data")


def test_an_ods_asking_for_200_million_rows_is_refused_naming_the_row(
    admin_app: Flask, tmp_path: Path
) -> None:
    header = ods_row([ods_cell(name) for name in COLUMNS])
    data = ods_row([ods_cell("GHR0001"), ods_cell("1"), ods_cell("PERSON, One")], 200_000_000)
    path = write_ods(tmp_path / "uk.ods", header, data)
    client = signed_in(admin_app)
    upload = {"list_file": (io.BytesIO(path.read_bytes()), "uk.ods")}
    preview = client.get(_upload(client, upload, "uk-ods").headers["Location"])
    assert preview.status_code == 400
    assert "row 2 asks for 200,000,000 copies of a row" in preview.get_data(as_text=True)


def test_an_sdn_csv_without_its_end_mark_is_refused_as_cut_off(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    cut = (sdn_row(900001, "UPLOADOV, Petr") + sdn_row(900002, "UPLOADOVA, Anna")).encode()
    upload = {"sdn": (io.BytesIO(cut), "sdn.csv")}
    preview = client.get(_upload(client, upload, "ofac-csv").headers["Location"])
    assert preview.status_code == 400
    assert "sdn.csv is cut off" in preview.get_data(as_text=True)
