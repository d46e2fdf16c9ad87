"""Reading CSV files (their text, then rows with line numbers), for every CSV-based list."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from app.services.importing.errors import SourceFileError
from app.services.importing.records import RowError


def decode_text(data: bytes, file_name: str, warnings: list[str]) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 with a warning, else Latin-1.

    Older OFAC files and files saved again by a spreadsheet program on Windows are
    Windows-1252; Latin-1 decodes any byte, so it is the last resort.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        warnings.append(f"{file_name} is not UTF-8; read as {encoding}")
        return text
    raise AssertionError("latin-1 decodes any byte")


def csv_rows(
    file_name: str, text: str, bad_rows: list[RowError]
) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of each non-blank row; rows that are not valid CSV go to ``bad_rows``.

    A file that ends inside a quoted value was cut off: it is refused.
    """
    # strict: a stray quote is reported for its row instead of swallowing the rows after it
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "unexpected end of data" in str(error):
                raise SourceFileError(
                    f"{file_name} ends inside a quoted value (from line {line}): the file is "
                    "cut off; download it again"
                ) from None
            bad_rows.append(RowError(file_name, line, f"not valid CSV: {error}"))
            continue
        if any(cell.strip() for cell in cells):  # blank lines are not rows
            yield line, cells
