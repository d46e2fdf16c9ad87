"""Public pages over the seeded Magnitsky designations."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import SourceRef


def _id_of(ref: str) -> int:
    return db.session.scalar(
        select(SourceRef.designation_id).where(SourceRef.source == "ofac-sdn", SourceRef.ref == ref)
    )


def test_home_page_explains_the_laws_and_counts_designations(seeded_client):
    page = seeded_client.get("/").get_data(as_text=True)
    assert "Sergei Magnitsky Rule of Law Accountability Act of 2012" in page
    assert "757" in page  # every seeded designation is active
    assert "MAGNIT" in page and "GLOMAG" in page


def test_detail_page_shows_names_facts_and_both_measures(seeded_client):
    page = seeded_client.get(f"/designations/{_id_of('15886')}").get_data(as_text=True)
    assert "KUZNETSOV, Artem" in page
    assert "KUZNETSOV, Artyom" in page
    assert "28 Feb 1975" in page
    assert "Baku, Azerbaijan" in page
    assert "Asset freeze" in page and "Visa ban" in page
    assert "Sergei Magnitsky Rule of Law Accountability Act of 2012" in page
    assert 'OFAC Specially Designated Nationals (SDN) List: <span class="ref">15886<' in page


def test_detail_page_of_missing_designation_is_a_friendly_404(seeded_client):
    response = seeded_client.get("/designations/999999")
    assert response.status_code == 404
    assert "There is no page at this address" in response.get_data(as_text=True)


def test_browse_lists_designations_with_pagination(seeded_client):
    page = seeded_client.get("/designations?page=2").get_data(as_text=True)
    assert "1,163 designations" in page  # 757 US, 217 UK, 70 Canadian and 119 Australian seeded
    assert "Page 2 of" in page


def test_browse_filters_by_program(seeded_client):
    page = seeded_client.get("/designations?program=MAGNIT").get_data(as_text=True)
    assert "64 designations" in page


@pytest.mark.parametrize(
    "query", ["page=abc", "page=-5", "sort=drop+table", "kind=<script>", "status=x"]
)
def test_browse_tolerates_bad_parameters(seeded_client, query):
    assert seeded_client.get(f"/designations?{query}").status_code == 200


@pytest.mark.parametrize("path", ["/", "/designations", "/about", "/no-such-page"])
def test_every_response_carries_security_headers(seeded_client, path):
    headers = seeded_client.get(path).headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_pages_load_no_external_resources(seeded_client):
    page = seeded_client.get("/").get_data(as_text=True)
    assert "http://" not in page.replace("http://localhost", "")
    assert "https://" not in page


def test_detail_page_shows_the_same_person_on_other_lists_with_the_grid(seeded_client):
    page = seeded_client.get(f"/designations/{_id_of('15886')}").get_data(as_text=True)
    assert "Sanctioned by 4 jurisdictions" in page
    assert "UK Sanctions List" in page
    assert "Consolidated Canadian Autonomous Sanctions List" in page
    assert "uk-sanctions-list" not in re.sub(r'href="[^"]*"', "", page)  # names, not codes
    assert "Australian Consolidated List" in page
    assert "Entry ban" in page  # Canada's measure, shown beside the US ones


@pytest.mark.parametrize(
    "path", ["/designations/99999999999999999999", "/api/v1/designations/99999999999999999999"]
)
def test_an_id_too_large_for_the_database_is_not_found(seeded_client, path):
    assert seeded_client.get(path).status_code == 404
