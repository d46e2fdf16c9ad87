"""Read the first sheet of an Excel workbook (.xlsx) as rows of cell values, safely.

An .xlsx file is a zip archive of XML parts. Before openpyxl (MIT) opens it, the
archive itself is checked, because a small upload can unpack to gigabytes:

- the file is at most ``max_bytes`` long and is a zip archive at all (a cut-off download
  is not: its central directory, at the end, is missing);
- it has at most ``MAX_MEMBERS`` parts, unpacking to at most ``max_uncompressed_bytes``
  in all, none packed more tightly than ``MAX_COMPRESSION_RATIO`` to one (a zip bomb);
- no XML part declares a DOCTYPE (no workbook needs one; entity-expansion attacks do).

openpyxl then reads in read-only mode (streaming the sheet, never building it whole),
at most ``max_rows`` rows and ``MAX_COLUMNS`` columns. Cell values come as openpyxl
gives them: str, int, float, bool, datetime or None.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.services.importing.errors import SourceFileError

MAX_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
MAX_ROWS = 200_000
MAX_MEMBERS = 200
# Spreadsheet XML packs well (the DFAT list: about 9 to 1) but not this well.
MAX_COMPRESSION_RATIO = 200
MAX_COLUMNS = 60
_CHUNK_BYTES = 1 << 16
_DOCTYPE = b"<!DOCTYPE"

Row = tuple[int, tuple[Any, ...]]  # (1-based row number in the sheet, cell values)


def check_archive(path: Path, max_bytes: int, max_uncompressed_bytes: int) -> None:
    """Refuse (SourceFileError) a file that is not a small, sane zip of XML parts."""
    if not path.is_file():
        raise SourceFileError(f"{path} not found")
    size = path.stat().st_size
    if size > max_bytes:
        raise SourceFileError(
            f"{path.name} is {size:,} bytes, more than the {max_bytes:,} allowed for a workbook"
        )
    if not zipfile.is_zipfile(path):
        raise SourceFileError(
            f"{path.name} is not an Excel workbook (not a zip archive); if it was downloaded, "
            "it may be cut off: download it again"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise SourceFileError(f"{path.name} has {len(members)} parts: not a workbook")
            total = sum(member.file_size for member in members)
            if total > max_uncompressed_bytes:
                raise SourceFileError(
                    f"{path.name} would unpack to {total:,} bytes, more than the "
                    f"{max_uncompressed_bytes:,} allowed: refused"
                )
            for member in members:
                packed = max(member.compress_size, 1)
                if member.file_size > 1024 * 1024 and member.file_size / packed > (
                    MAX_COMPRESSION_RATIO
                ):
                    raise SourceFileError(
                        f"{path.name}: its part {member.filename} is packed "
                        f"{member.file_size // packed:,} to 1, like a zip bomb: refused"
                    )
                if member.filename.endswith((".xml", ".rels")):
                    _refuse_doctype(path.name, archive, member)
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError) as error:
        raise SourceFileError(f"{path.name} is a damaged zip archive ({error})") from None


def _refuse_doctype(file_name: str, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    # Read in chunks (the real unpacked size is checked by zipfile against the header).
    tail = b""
    with archive.open(member) as part:
        while chunk := part.read(_CHUNK_BYTES):
            if _DOCTYPE in tail + chunk:
                raise SourceFileError(
                    f"{file_name}: its part {member.filename} declares a DOCTYPE: refused"
                )
            tail = chunk[-len(_DOCTYPE) :]


@contextmanager
def first_sheet(
    path: Path,
    *,
    max_bytes: int = MAX_BYTES,
    max_uncompressed_bytes: int = MAX_UNCOMPRESSED_BYTES,
    max_rows: int = MAX_ROWS,
) -> Iterator[tuple[str, Iterator[Row]]]:
    """The first sheet's title and its non-empty rows (header included), streamed."""
    path = Path(path)
    check_archive(path, max_bytes, max_uncompressed_bytes)
    import openpyxl  # imported when used: the CLI starts fast

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken workbook
        raise SourceFileError(
            f"{path.name} is not a readable Excel workbook ({type(error).__name__}: {error})"
        ) from None
    try:
        if not workbook.worksheets:
            raise SourceFileError(f"{path.name} has no sheets")
        sheet = workbook.worksheets[0]
        yield sheet.title, _rows(path.name, sheet, max_rows)
    finally:
        workbook.close()


def _rows(file_name: str, sheet: Any, max_rows: int) -> Iterator[Row]:
    try:
        for number, values in enumerate(
            sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1
        ):
            if number > max_rows:
                raise SourceFileError(
                    f"{file_name} has more than {max_rows:,} rows, the most allowed: refused"
                )
            if any(value is not None and value != "" for value in values):
                yield number, tuple(values)
    except SourceFileError:
        raise
    except Exception as error:  # a damaged sheet part: cut off, not well-formed, ...
        raise SourceFileError(
            f"{file_name}: its sheet cannot be read ({type(error).__name__}: {error}); the file "
            "is damaged or cut off: download it again"
        ) from None
