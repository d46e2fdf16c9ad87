"""Screening output: the list_dates column gives the data date of each list of a match."""

from __future__ import annotations

import csv
import io

from app.extensions import db
from app.runners import list_date_cells, screening_settings
from app.services import screening


def test_each_match_row_says_the_data_date_of_its_lists(seeded_app):
    stream = io.BytesIO(b"name\nArtem Kuznetsov\n")
    layout = screening.inspect_csv(stream)
    rows = screening.read_rows(screening.open_text(stream, layout.encoding), layout, 300)
    chunks = screening.screen_in_session(db.session, rows, screening_settings(), 10)
    out = io.StringIO()
    screening.write_results(chunks, layout, out, str, list_dates=list_date_cells())
    first = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert "list_dates" in first
    assert "ofac-sdn=2024-05-03 stale" in first["list_dates"]
