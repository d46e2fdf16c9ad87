"""The app's settings reach the services through app/runners.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from app.runners import run_import, run_search
from app.services.importing.errors import SourceFileError
from app.services.search import SearchFilters
from tests.builders import create_designation, sdn_row, write_ofac_set


def _list_with_two_malformed_rows(folder: Path) -> Path:
    rows = [sdn_row(n, f"ENTITY NUMBER {n}", "") for n in range(1, 151)]
    return write_ofac_set(folder, rows + ["this is not,a sanctions list\r\n"] * 2)


def test_a_list_with_more_malformed_rows_than_the_setting_allows_is_refused(app: Flask, tmp_path):
    app.config["IMPORT_MAX_MALFORMED_SHARE"] = 0.01
    with pytest.raises(SourceFileError, match="looks garbled"):
        run_import("ofac-csv", _list_with_two_malformed_rows(tmp_path))


def test_raising_the_malformed_share_setting_imports_the_same_list(app: Flask, tmp_path):
    app.config["IMPORT_MAX_MALFORMED_SHARE"] = 0.05
    summary = run_import("ofac-csv", _list_with_two_malformed_rows(tmp_path))
    assert (summary.created, summary.skipped) == (150, 2)


def test_a_record_the_validator_refuses_is_reported_with_file_row_and_field(app: Flask, tmp_path):
    app.config["IMPORT_MAX_MALFORMED_SHARE"] = 0.5
    rows = [sdn_row(1, "GOOD, Name"), sdn_row(2, "BELL\x07NAME, Ring")]
    summary = run_import("ofac-csv", write_ofac_set(tmp_path, rows))
    assert summary.created == 1
    assert [str(e) for e in summary.errors] == [
        "sdn.csv, line 2: Primary name: contains the control character U+0007; remove it."
    ]


def test_the_near_miss_settings_reach_the_search(app: Flask) -> None:
    for first in ("Anna", "Boris", "Clara"):
        create_designation(f"KUSNEZOWA, {first}")
    app.config["SEARCH_NEAR_MISS_LIMIT"] = 2
    results = run_search("Kusnezowa", SearchFilters())
    assert (len(results.hits), len(results.near_misses)) == (0, 2)
