"""Read the first sheet of an OpenDocument spreadsheet (.ods) as rows of text cells.

An .ods file is a zip archive whose ``content.xml`` holds the sheets. It is read with
``zipfile`` and expat, streaming, so no GPL spreadsheet library is needed and a large
file is never held as one tree. What the format asks of a reader:

- ``table:number-columns-repeated`` / ``table:number-rows-repeated`` stand for copies of
  a cell or row. Exports end rows with thousands of repeated empty cells and the sheet
  with a million repeated empty rows; empty copies only advance the counters.
- A cell's text is its ``text:p`` paragraphs joined by line breaks; inside a paragraph,
  runs of white space count as one space, ``text:s`` stands for spaces (``text:c`` of
  them), ``text:tab`` for a tab and ``text:line-break`` for a line break. White space at
  the start and end of a paragraph is dropped (exports indent the XML inside ``text:p``).

A repeat count is a multiplier a few bytes long and a zip packs repetitive XML a
thousandfold, so what a small file may make the reader store is bounded (``OdsLimits``,
settings ODS_MAX_*): each repeat that is stored (copies of a row or cell with a value,
empty cells kept because a value follows them, the spaces of one ``text:s``), the rows
with values and their cells in all, and the size ``content.xml`` unpacks to (refused
unread). A file asking for more is refused with a message naming the row; empty rows
and cells with any count cost nothing and stay fine.

Anything that is not a readable .ods (not a zip, cut off, no ``content.xml``, XML that
is not well-formed, a DOCTYPE) is refused with SourceFileError.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.parsers import expat

from app.services.importing.errors import SourceFileError

CONTENT_FILE = "content.xml"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_SEP = "|"  # expat joins namespace and local name with it
_SHEET = f"{_TABLE}{_SEP}table"
_ROW = f"{_TABLE}{_SEP}table-row"
_CELLS = {f"{_TABLE}{_SEP}table-cell", f"{_TABLE}{_SEP}covered-table-cell"}
_PARAGRAPH = f"{_TEXT}{_SEP}p"
_SPACE = f"{_TEXT}{_SEP}s"
_TAB = f"{_TEXT}{_SEP}tab"
_LINE_BREAK = f"{_TEXT}{_SEP}line-break"
_ROWS_REPEATED = f"{_TABLE}{_SEP}number-rows-repeated"
_COLUMNS_REPEATED = f"{_TABLE}{_SEP}number-columns-repeated"
_WHITE_SPACE = re.compile(r"[ \t\r\n]+")
_CHUNK_BYTES = 1 << 16
Row = tuple[int, list[str]]  # (1-based row number in the sheet, cells)


@dataclass(frozen=True)
class OdsLimits:
    """What one spreadsheet may unpack to; the defaults are those of config.py.

    The real UK export (5,300 rows, 42,000 cells, a 7.4 MB content.xml) repeats only
    empty rows and cells.
    """

    max_repeat: int = 1000
    max_rows: int = 200_000
    max_cells: int = 5_000_000
    max_content_bytes: int = 100 * 1024 * 1024

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> OdsLimits:
        return cls(
            max_repeat=config["ODS_MAX_REPEAT"],
            max_rows=config["ODS_MAX_ROWS"],
            max_cells=config["ODS_MAX_CELLS"],
            max_content_bytes=config["ODS_MAX_CONTENT_BYTES"],
        )


def read_first_sheet(path: Path, limits: OdsLimits = OdsLimits()) -> list[Row]:  # noqa: B008
    """The non-empty rows of the first sheet with their row numbers; trailing empty cells cut."""
    path = Path(path)
    if not path.is_file():
        raise SourceFileError(f"{path} not found")
    if not zipfile.is_zipfile(path):
        raise SourceFileError(
            f"{path.name} is not an OpenDocument spreadsheet (not a zip archive); if it was "
            "downloaded, it may be cut off: download it again"
        )
    reader = _SheetReader(path.name, limits)
    try:
        with zipfile.ZipFile(path) as archive, archive.open(CONTENT_FILE) as content:
            _refuse_if_too_large(path.name, archive.getinfo(CONTENT_FILE), limits)
            while chunk := content.read(_CHUNK_BYTES):
                reader.feed(chunk, final=False)
                if reader.done:
                    break
            else:
                reader.feed(b"", final=True)
    except KeyError:
        raise SourceFileError(f"{path.name} has no {CONTENT_FILE}: not a spreadsheet") from None
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise SourceFileError(f"{path.name} is a damaged zip archive ({error})") from None
    return reader.rows


def _refuse_if_too_large(file_name: str, info: zipfile.ZipInfo, limits: OdsLimits) -> None:
    if info.file_size > limits.max_content_bytes:
        raise SourceFileError(
            f"{file_name}: its {CONTENT_FILE} unpacks to {info.file_size:,} bytes, more than "
            f"the {limits.max_content_bytes:,} read (ODS_MAX_CONTENT_BYTES): refused as a "
            "hostile or wrong file"
        )


class _SheetReader:
    """Expat handlers collecting the first sheet's rows."""

    def __init__(self, file_name: str, limits: OdsLimits) -> None:
        self.file_name = file_name
        self.limits = limits
        self._stored_cells = 0  # cells of the rows kept so far, copies included
        self.rows: list[Row] = []
        self.done = False
        self._in_sheet = False
        self._row_number = 0  # rows of the sheet so far, empty ones included
        self._row_repeat = 1
        self._cells: list[str] = []
        self._pending_empty = 0  # empty cells not yet written: only kept if a value follows
        self._cell_repeat = 1
        self._cell_parts: list[str] | None = None  # paragraphs of the open cell
        self._paragraph: list[str] | None = None
        self._parser = expat.ParserCreate(namespace_separator=_SEP)
        self._parser.StartElementHandler = self._start
        self._parser.EndElementHandler = self._end
        self._parser.CharacterDataHandler = self._text
        self._parser.StartDoctypeDeclHandler = self._refuse_doctype
        self._parser.buffer_text = True

    def feed(self, data: bytes, *, final: bool) -> None:
        try:
            self._parser.Parse(data, final)
        except expat.ExpatError as error:
            raise SourceFileError(
                f"{self.file_name}: its {CONTENT_FILE} is not well-formed XML (line "
                f"{error.lineno}: {expat.errors.messages[error.code]}); the file is damaged "
                "or cut off: download it again"
            ) from None

    def _refuse_doctype(self, *_: object) -> None:
        raise SourceFileError(f"{self.file_name}: {CONTENT_FILE} declares a DOCTYPE: refused")

    def _start(self, tag: str, attributes: dict[str, str]) -> None:
        if self.done:
            return
        if tag == _SHEET:
            self._in_sheet = True
        elif not self._in_sheet:
            return
        elif tag == _ROW:
            self._cells, self._pending_empty = [], 0
            self._row_repeat = _count(attributes.get(_ROWS_REPEATED))
        elif tag in _CELLS:
            self._cell_parts = []
            self._cell_repeat = _count(attributes.get(_COLUMNS_REPEATED))
        elif self._cell_parts is None:
            return
        elif tag == _PARAGRAPH:
            self._paragraph = []
        elif self._paragraph is not None:
            if tag == _SPACE:
                spaces = _count(attributes.get(f"{_TEXT}{_SEP}c"))
                self._refuse_repeat(spaces, "spaces in one text:s (text:c)", column=True)
                self._paragraph.append(" " * spaces)
            elif tag == _TAB:
                self._paragraph.append("\t")
            elif tag == _LINE_BREAK:
                self._paragraph.append("\n")

    def _text(self, data: str) -> None:
        if self._paragraph is not None:
            self._paragraph.append(_WHITE_SPACE.sub(" ", data))

    def _end(self, tag: str) -> None:
        if self.done or not self._in_sheet:
            return
        if tag == _PARAGRAPH and self._paragraph is not None and self._cell_parts is not None:
            self._cell_parts.append("".join(self._paragraph).strip(" "))
            self._paragraph = None
        elif tag in _CELLS and self._cell_parts is not None:
            self._close_cell("\n".join(self._cell_parts))
            self._cell_parts = None
        elif tag == _ROW:
            self._close_row()
        elif tag == _SHEET:
            self.done = True  # only the first sheet holds the list

    def _close_cell(self, value: str) -> None:
        if not value.strip():
            self._pending_empty += self._cell_repeat
            return
        self._refuse_repeat(self._pending_empty, "empty cells before a value", column=True)
        self._refuse_repeat(
            self._cell_repeat, "copies of a cell (number-columns-repeated)", column=True
        )
        self._cells.extend([""] * self._pending_empty)
        self._pending_empty = 0
        self._cells.extend([value] * self._cell_repeat)

    def _close_row(self) -> None:
        if self._cells:
            self._refuse_repeat(self._row_repeat, "copies of a row (number-rows-repeated)")
            self._refuse_beyond_totals()
            for copy in range(self._row_repeat):
                self.rows.append((self._row_number + copy + 1, self._cells))
        self._row_number += self._row_repeat

    def _refuse_repeat(self, count: int, what: str, *, column: bool = False) -> None:
        """Refuse the file when a repeat that would be stored exceeds max_repeat."""
        if count <= self.limits.max_repeat:
            return
        where = f"row {self._row_number + 1}"
        if column:
            where += f", column {len(self._cells) + self._pending_empty + 1:,}"
        raise SourceFileError(
            f"{self.file_name}: {where} asks for {count:,} {what}; at most "
            f"{self.limits.max_repeat:,} are read (ODS_MAX_REPEAT): refused as a hostile or "
            "broken spreadsheet"
        )

    def _refuse_beyond_totals(self) -> None:
        """Refuse the file when the open row takes the sheet past max_rows or max_cells."""
        self._stored_cells += len(self._cells) * self._row_repeat
        rows = len(self.rows) + self._row_repeat
        for count, limit, what, setting in (
            (rows, self.limits.max_rows, "rows with values", "ODS_MAX_ROWS"),
            (self._stored_cells, self.limits.max_cells, "cells", "ODS_MAX_CELLS"),
        ):
            if count > limit:
                raise SourceFileError(
                    f"{self.file_name}: by row {self._row_number + 1} the sheet holds more than "
                    f"{limit:,} {what} ({setting}): refused as a hostile or wrong spreadsheet"
                )


def _count(value: str | None) -> int:
    try:
        return max(1, int(value)) if value else 1
    except ValueError:
        return 1
