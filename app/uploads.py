"""Checks of uploaded files shared by the areas that take them (imports, screening).

Each check reads only the first bytes and raises UploadRefused with a message that
names the file as the person uploaded it.
"""

from __future__ import annotations

from werkzeug.datastructures import FileStorage


class UploadRefused(ValueError):
    """A file that is not what the work needs: the message says what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


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
