"""The search page's as_of field (issue 13): what the lists held on a day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

from sqlalchemy import select

from app.extensions import db
from app.models import Designation, SourceRef
from app.runners import run_import
from app.services import designation_edits
from app.services.audit import CLI
from tests.builders import sdn_row, write_ofac_set

TODAY = datetime.now(UTC).date()
QUERY = "/search?q=Asofov+Person+900001"


def _listed_then_delisted(tmp_path) -> Designation:
    """ASOFOV, Person 900001: listed today, delisted from ten days on."""
    folder = write_ofac_set(
        tmp_path / "one",
        [sdn_row(900001, "ASOFOV, Person 900001", remarks="Passport AS900001 (Russia).")],
    )
    run_import("ofac-csv", folder, force=True)
    designation = db.session.scalar(
        select(Designation).join(SourceRef).where(SourceRef.ref == "900001")
    )
    designation_edits.delist(
        db.session,
        designation.id,
        designation.version,
        TODAY + timedelta(days=10),
        "court ruling",
        "",
        CLI,
    )
    return designation


class _Inputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inputs: dict[str, dict] = {}
        self.labels: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name"):
            self.inputs[attributes["name"]] = attributes
        if tag == "label" and attributes.get("for"):
            self.labels[attributes["for"]] = ""


def test_the_search_form_has_a_labelled_date_input_for_as_of(client):
    parser = _Inputs()
    parser.feed(client.get("/search").get_data(as_text=True))
    field = parser.inputs["as_of"]
    assert field["type"] == "date"
    assert field["max"] == TODAY.isoformat()
    assert field["id"] in parser.labels


def test_as_of_shows_what_was_listed_that_day_with_the_state_then(app, client, tmp_path):
    _listed_then_delisted(tmp_path)
    page = client.get(f"{QUERY}&as_of={TODAY.isoformat()}").get_data(as_text=True)
    assert f"Results as held on <strong>{TODAY.isoformat()}</strong>" in page
    assert "ASOFOV, Person 900001" in page
    assert f"On {TODAY.isoformat()}:</strong> listed, under US" in page


def test_without_as_of_the_delisted_designation_is_not_an_active_match(app, client, tmp_path):
    _listed_then_delisted(tmp_path)
    page = client.get(QUERY).get_data(as_text=True)
    assert "ASOFOV, Person 900001" not in page.split("</form>", 1)[1]
    assert "as held on" not in page


def test_as_of_with_a_status_keeps_that_status(app, client, tmp_path):
    _listed_then_delisted(tmp_path)
    page = client.get(f"{QUERY}&status=active&as_of={TODAY.isoformat()}").get_data(as_text=True)
    assert "ASOFOV, Person 900001" not in page.split("</form>", 1)[1]


def test_a_future_date_is_refused_with_a_clear_message(client):
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    response = client.get(f"{QUERY}&as_of={tomorrow}")
    assert response.status_code == 400
    assert f"{tomorrow} is in the future" in response.get_data(as_text=True)


def test_a_malformed_date_is_refused_with_a_clear_message(client):
    response = client.get(f"{QUERY}&as_of=31/12/2024")
    assert response.status_code == 400
    assert "is not a date: give one as YYYY-MM-DD" in response.get_data(as_text=True)


def test_the_json_download_says_the_date(app, client, tmp_path):
    _listed_then_delisted(tmp_path)
    body = client.get(f"{QUERY}&as_of={TODAY.isoformat()}&format=json").get_json()
    assert body["as_of"] == TODAY.isoformat()
    assert [r["name"] for r in body["results"]] == ["ASOFOV, Person 900001"]


def test_as_of_applies_to_a_search_by_identification_number(app, client, tmp_path):
    _listed_then_delisted(tmp_path)
    url = f"/search?id_number=AS900001&as_of={TODAY.isoformat()}"
    page = client.get(url).get_data(as_text=True)
    assert f"Results as held on <strong>{TODAY.isoformat()}</strong>" in page
    assert "ASOFOV, Person 900001" in page.split("</form>", 1)[1]
    active_only = client.get(url + "&status=active").get_data(as_text=True)
    assert "ASOFOV, Person 900001" not in active_only.split("</form>", 1)[1]
