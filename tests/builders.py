"""Builders for test data: small OFAC CSV sets written to a temp folder."""

from __future__ import annotations

import shutil
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
