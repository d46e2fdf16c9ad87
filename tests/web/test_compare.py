"""The page comparing the Magnitsky-law lists of each jurisdiction."""

from __future__ import annotations

from app.extensions import db
from app.services.comparison import chart_svg, compare_lists


def test_counts_each_jurisdiction_by_subject(seeded_app):
    comparison = compare_lists(db.session)
    assert comparison.totals["US"] == 757
    assert comparison.totals["CA"] == 70
    assert comparison.totals["AU"] == 119
    assert comparison.totals["UK"] > 150
    assert comparison.shared_by_all >= 1  # e.g. the officials of the Magnitsky case


def test_someone_on_all_four_lists_is_in_no_only_list(seeded_app):
    comparison = compare_lists(db.session)
    only = {s.name for entries in comparison.only_in.values() for s in entries}
    assert "KUZNETSOV, Artem" not in only


def test_chart_is_a_server_rendered_svg_with_bars(seeded_app):
    svg = chart_svg(compare_lists(db.session))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<rect" in svg


def test_compare_page_renders_with_chart_and_tables(seeded_client):
    page = seeded_client.get("/compare").get_data(as_text=True)
    assert "Comparing the Magnitsky-law lists" in page
    assert "<svg" in page
    assert "Only US" in page and "Only UK" in page and "Only CA" in page and "Only AU" in page
