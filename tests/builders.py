"""Builders for test data: small OFAC CSV sets and ODS spreadsheets written to a temp
folder, and designations created through the editors' service, so a test states the facts
it relies on."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from app.extensions import db
from app.models import Designation
from app.services import designation_edits
from app.services.audit import CLI
from app.services.importing.dates import parse_date_range
from app.services.programs import get_or_create_program
from app.services.records import BirthDateRecord, DesignationRecord, MeasureRecord, NameRecord
from tests.conftest import REPO_ROOT

SEED_OFAC_DIR = REPO_ROOT / "seed_data" / "ofac"


def ofac_row(*cells: str) -> str:
    """One OFAC CSV line: quoted text cells, -0- for empty, CRLF like OFAC."""
    rendered = []
    for cell in cells:
        rendered.append("-0- " if cell == "" else f'"{cell}"' if not cell.isdigit() else cell)
    return ",".join(rendered) + "\r\n"


def sdn_row(
    ent_num: int,
    name: str,
    sdn_type: str = "individual",
    program: str = "MAGNIT",
    remarks: str = "",
) -> str:
    return ofac_row(str(ent_num), name, sdn_type, program, "", "", "", "", "", "", "", remarks)


def write_ofac_set(folder: Path, sdn: list[str], alt: list[str] = (), add: list[str] = ()) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sdn.csv").write_bytes(("".join(sdn)).encode() + b"\x1a")
    (folder / "alt.csv").write_bytes(("".join(alt)).encode() + b"\x1a")
    (folder / "add.csv").write_bytes(("".join(add)).encode() + b"\x1a")
    (folder / "sdn_comments.csv").write_bytes(b"\x1a")
    return folder


def copy_seed_set(folder: Path) -> Path:
    """A writable copy of the seed's OFAC files, to alter in a test."""
    shutil.copytree(SEED_OFAC_DIR, folder)
    return folder


# --- OpenDocument spreadsheets (.ods): a zip with content.xml, written by hand ---------

ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods_cell(value: str = "", repeat: int = 1, inner: str | None = None) -> str:
    """One cell holding ``value`` (or the XML ``inner`` as its paragraph), ``repeat`` times."""
    count = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    paragraph = inner if inner is not None else value
    if not paragraph:
        return f"<table:table-cell{count}/>"
    opening = f'<table:table-cell office:value-type="string"{count}>'
    return f"{opening}<text:p>{paragraph}</text:p></table:table-cell>"


def ods_row(cells: list[str], repeat: int = 1) -> str:
    """One row of ``cells``, repeated ``repeat`` times."""
    count = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{count}>{''.join(cells)}</table:table-row>"


def write_ods(path: Path, *rows: str) -> Path:
    """A one-sheet .ods at ``path`` holding ``rows``."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES}>'
        '<office:body><office:spreadsheet><table:table table:name="Sheet1">'
        f"{''.join(rows)}</table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return path


def designation_record(name: str, **fields: object) -> DesignationRecord:
    """A record for ``name``: an individual unless ``kind`` says otherwise.

    ``birth_dates`` may be given as texts ("1975", "28 Feb 1975"); ``aliases`` as names.
    """
    births = [
        b if isinstance(b, BirthDateRecord) else _birth_date(str(b))
        for b in fields.pop("birth_dates", [])
    ]
    aliases = [NameRecord(alias, "aka") for alias in fields.pop("aliases", [])]
    fields.setdefault("kind", "individual")
    return DesignationRecord(
        primary_name=name, birth_dates=births, names=[*aliases, *fields.pop("names", [])], **fields
    )


def create_designation(name: str, *, program: str | None = None, **fields: object) -> Designation:
    """A designation saved through the editors' service (indexed and audited, like theirs).

    ``program`` (a code) is created if new and gets an asset freeze from the record's
    listing date; other ``fields`` are DesignationRecord's.
    """
    record = designation_record(name, **fields)
    if program is not None:
        get_or_create_program(db.session, program, "manual")
        db.session.commit()
        record.program_codes = [program]
        record.measures = record.measures or [MeasureRecord("asset_freeze", "US", program)]
    return designation_edits.create_designation(db.session, record, CLI)


def _birth_date(text: str) -> BirthDateRecord:
    parsed = parse_date_range(text)
    return BirthDateRecord(parsed.text, parsed.earliest, parsed.latest)
