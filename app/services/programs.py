"""The catalogue of known sanctions programs, kept in data/programs.json."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Program

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "programs.json"

# What a program unknown to the catalogue imposes, by the source it came from.
# OFAC listing blocks property; UN regimes freeze assets, ban travel and embargo arms. UK
# and Canadian records name their measures themselves; a freeze is the least every
# regime imposes. These are the measures on an individual: see measures_for_kind.
SOURCE_DEFAULTS: dict[str, tuple[str, list[str]]] = {
    "ofac-sdn": ("US", ["asset_freeze"]),
    "un-consolidated": ("UN", ["asset_freeze", "travel_ban", "arms_embargo"]),
    "uk-sanctions-list": ("UK", ["asset_freeze"]),
    "ca-sema-jvcfoa": ("CA", ["asset_freeze"]),
    "au-dfat-consolidated": ("AU", ["asset_freeze"]),
}


# Measures that bar a person from travelling or entering: they cannot apply to an entity,
# a vessel or an aircraft, whatever a program or a source row says.
INDIVIDUAL_ONLY_MEASURES = frozenset({"visa_ban", "travel_ban", "entry_ban"})
SUBJECT_KINDS = ("individual", "entity", "vessel", "aircraft")


def fits_kind(measure_type: str, kind: str | None) -> bool:
    """Whether a measure can apply to a subject of this kind (travel bans: people only)."""
    return kind == "individual" or measure_type not in INDIVIDUAL_ONLY_MEASURES


def _kind_measures(entry: dict, kind: str) -> list[str]:
    measures = entry["measures"]
    if isinstance(measures, list):  # a catalogue entry without the per-kind split
        return [m for m in measures if fits_kind(m, kind)]
    return [m for m in measures.get(kind, measures["individual"]) if fits_kind(m, kind)]


def measures_for_kind(program: Program, kind: str | None) -> list[str]:
    """The measures a designation of this kind gets under the program by default.

    The catalogue says it per kind; a program outside it imposes its
    ``default_measures`` less those that apply to individuals only.
    """
    entry = catalogue().get(program.code)
    if entry is not None and kind in SUBJECT_KINDS:
        return _kind_measures(entry, kind)
    return [m for m in program.default_measures or [] if fits_kind(m, kind)]


@cache
def catalogue() -> dict[str, dict]:
    entries = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))["programs"]
    return {entry["code"]: entry for entry in entries}


@cache
def magnitsky_programs() -> dict[str, list[str]]:
    """Jurisdiction -> codes of its Magnitsky-style programs (from the catalogue)."""
    table = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))["magnitsky_programs"]
    return {key: list(codes) for key, codes in table.items() if not key.startswith("_")}


def get_or_create_program(session: Session, code: str, source: str) -> Program:
    """The program with this code, created from the catalogue (or defaults) if new."""
    program = session.scalar(select(Program).where(Program.code == code))
    if program is not None:
        return program
    entry = catalogue().get(code)
    if entry is not None:
        program = Program(
            code=code,
            name=entry["name"],
            jurisdiction=entry["jurisdiction"],
            legal_basis=entry.get("legal_basis"),
            reference_url=entry.get("reference_url"),
            description=entry.get("description"),
            default_measures=_kind_measures(entry, "individual"),
        )
    else:
        jurisdiction, measures = SOURCE_DEFAULTS.get(source, ("", ["asset_freeze"]))
        program = Program(
            code=code, name=code, jurisdiction=jurisdiction, default_measures=list(measures)
        )
    session.add(program)
    return program
