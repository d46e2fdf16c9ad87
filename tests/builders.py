"""Builders for test data: small OFAC CSV sets and ODS spreadsheets written to a temp folder."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

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
