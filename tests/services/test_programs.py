"""Programs impose measures that fit the kind of subject."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Program, SourceRef
from app.runners import run_import
from app.services.programs import INDIVIDUAL_ONLY_MEASURES, catalogue, measures_for_kind
from tests.services.importing.test_un_xml import un_entity, un_individual, un_list


def test_the_catalogue_gives_no_travel_ban_to_entities_vessels_or_aircraft():
    for entry in catalogue().values():
        for kind in ("entity", "vessel", "aircraft"):
            assert not set(entry["measures"][kind]) & INDIVIDUAL_ONLY_MEASURES, entry["code"]


def test_a_magnitsky_program_bans_visas_of_individuals_only():
    glomag = Program(code="GLOMAG", name="", jurisdiction="US", default_measures=[])
    assert measures_for_kind(glomag, "individual") == ["asset_freeze", "visa_ban"]
    assert measures_for_kind(glomag, "vessel") == ["asset_freeze"]


def test_a_program_outside_the_catalogue_drops_travel_bans_for_entities():
    program = Program(
        code="UN New", name="", jurisdiction="UN", default_measures=["asset_freeze", "travel_ban"]
    )
    assert measures_for_kind(program, "entity") == ["asset_freeze"]


def _measures(ref: str) -> set[str]:
    source_ref = db.session.scalar(select(SourceRef).where(SourceRef.ref == ref))
    return {m.measure_type for m in source_ref.designation.measures}


def test_un_designations_get_their_regimes_measures_for_their_kind(app, tmp_path):
    path = tmp_path / "un.xml"
    path.write_text(un_list([un_individual()], [un_entity()]), encoding="utf-8")
    run_import("un-xml", path)
    assert _measures("QDi.001") == {"asset_freeze", "travel_ban", "arms_embargo"}
    assert _measures("QDe.001") == {"asset_freeze", "arms_embargo"}
