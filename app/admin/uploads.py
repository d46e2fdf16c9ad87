"""Uploaded import files waiting for confirmation, kept in the instance folder.

Between the preview and the confirmation an upload lives in
``instance/uploads/<token>/`` under a random token, with a small meta.json
saying who uploaded what. Nothing in the database changes until confirmation.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from werkzeug.datastructures import FileStorage

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
META = "meta.json"


class UploadRefused(ValueError):
    """A file that is not what the import needs: the message says what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class PendingUpload:
    token: str
    path: Path  # the folder (OFAC set) or the file (the other lists) the reader takes
    format: str
    user_id: int
    files: dict[str, str]  # stored name -> name as uploaded
    created: float

    @property
    def description(self) -> str:
        return ", ".join(self.files.values())


def _head(field: str, upload: FileStorage, suffix: str, what: str) -> tuple[str, bytes]:
    """The upload's name and first bytes, once its name ends in ``suffix``."""
    name = upload.filename or ""
    if not name.lower().endswith(suffix):
        raise UploadRefused(field, f"{name or 'The file'} is not {what}.")
    head = upload.stream.read(4096)
    upload.stream.seek(0)
    return name, head


def check_csv(field: str, upload: FileStorage) -> None:
    name, head = _head(field, upload, ".csv", "a .csv file")
    if b"\x00" in head or head.startswith((b"PK", b"%PDF", b"\x89PNG")):
        raise UploadRefused(field, f"{name} is not a text CSV file (it looks binary).")


def check_xml(field: str, upload: FileStorage) -> None:
    name, head = _head(field, upload, ".xml", "an .xml file")
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise UploadRefused(field, f"{name} is not an XML file.")


def check_ods(field: str, upload: FileStorage) -> None:
    name, head = _head(field, upload, ".ods", "an .ods spreadsheet")
    if not head.startswith(b"PK\x03\x04"):  # an OpenDocument file is a zip archive
        raise UploadRefused(field, f"{name} is not an OpenDocument spreadsheet.")


def check_xlsx(field: str, upload: FileStorage) -> None:
    name, head = _head(field, upload, ".xlsx", "an .xlsx workbook")
    if not head.startswith(b"PK\x03\x04"):  # an Excel workbook is a zip archive
        raise UploadRefused(field, f"{name} is not an Excel workbook.")


def save(base: Path, format_name: str, files: dict[str, FileStorage], user_id: int) -> str:
    """Store the files under a new token; ``files`` maps stored name -> upload."""
    token = secrets.token_urlsafe(24)
    folder = base / token
    folder.mkdir(parents=True)
    for stored_name, upload in files.items():
        upload.save(folder / stored_name)
    meta = {
        "format": format_name,
        "user_id": user_id,
        "files": {stored: (upload.filename or stored) for stored, upload in files.items()},
        "created": time.time(),
    }
    (folder / META).write_text(json.dumps(meta), encoding="utf-8")
    return token


def load(base: Path, token: str, user_id: int) -> PendingUpload | None:
    """The upload under ``token`` if it exists and belongs to ``user_id``."""
    if not _TOKEN.match(token or ""):
        return None
    folder = base / token
    try:
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("user_id") != user_id:
        return None
    files = dict(meta["files"])
    path = folder if meta["format"] == "ofac-csv" else folder / next(iter(files))
    return PendingUpload(token, path, meta["format"], user_id, files, meta["created"])


def discard(base: Path, token: str) -> None:
    if _TOKEN.match(token or ""):
        shutil.rmtree(base / token, ignore_errors=True)


def discard_stale(base: Path, max_age_seconds: int) -> None:
    """Remove uploads never confirmed nor cancelled within ``max_age_seconds``."""
    if not base.is_dir():
        return
    limit = time.time() - max_age_seconds
    for folder in base.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)
