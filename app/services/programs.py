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
# OFAC listing blocks property; UN regimes freeze assets and ban travel. UK and Canadian
# records name their measures themselves; a freeze is the least every regime imposes.
SOURCE_DEFAULTS: dict[str, tuple[str, list[str]]] = {
    "ofac-sdn": ("US", ["asset_freeze"]),
    "un-consolidated": ("UN", ["asset_freeze", "travel_ban"]),
    "uk-sanctions-list": ("UK", ["asset_freeze"]),
    "ca-sema-jvcfoa": ("CA", ["asset_freeze"]),
    "au-dfat-consolidated": ("AU", ["asset_freeze"]),
}


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
            default_measures=list(entry["measures"]),
        )
    else:
        jurisdiction, measures = SOURCE_DEFAULTS.get(source, ("", ["asset_freeze"]))
        program = Program(
            code=code, name=code, jurisdiction=jurisdiction, default_measures=list(measures)
        )
    session.add(program)
    return program
