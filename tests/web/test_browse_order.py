"""Browsing sorts names without regard to case (issue 10): UK's "Abbas, Ali" before "ZULU"."""

from __future__ import annotations

import re

from app.runners import run_import
from tests.builders import sdn_row, write_ofac_set

NAMES = ["ZULU, Anna", "Abbas, Ali", "BRAVO, Boris", "charlie, Chen", "ALPHA, Adam"]


def _listed_names(client, sort: str) -> list[str]:
    page = client.get(f"/designations?sort={sort}").get_data(as_text=True)
    return re.findall(r"<a href=\"/designations/\d+\">([^<]+)</a>", page)


def test_browse_by_name_ignores_case(app, client, tmp_path):
    rows = [sdn_row(100 + n, name) for n, name in enumerate(NAMES)]
    run_import("ofac-csv", write_ofac_set(tmp_path / "ofac", rows))
    assert _listed_names(client, "name") == sorted(NAMES, key=str.lower)


def test_browse_by_name_descending_ignores_case(app, client, tmp_path):
    rows = [sdn_row(100 + n, name) for n, name in enumerate(NAMES)]
    run_import("ofac-csv", write_ofac_set(tmp_path / "ofac", rows))
    assert _listed_names(client, "-name") == sorted(NAMES, key=str.lower, reverse=True)
