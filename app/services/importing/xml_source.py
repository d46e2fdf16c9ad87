"""Reading an XML list safely, keeping each entry's line number for error reports.

expat feeds an ElementTree builder so every entry element is known with the line it
starts on; a DOCTYPE is refused (no list needs one, and it is how entity-expansion
attacks begin); a file that is not well-formed, often one cut off in the download,
is refused with the place of the error.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from xml.etree import ElementTree
from xml.parsers import expat

from app.services.importing.errors import SourceFileError

Entries = list[tuple[ElementTree.Element, int]]


def parse_entries(path: Path, entry_tags: Collection[str]) -> tuple[ElementTree.Element, Entries]:
    """The document's root and its entry elements (tags in ``entry_tags``) with their lines."""
    if not path.is_file():
        raise SourceFileError(f"{path} not found")
    builder = ElementTree.TreeBuilder()
    parser = expat.ParserCreate()
    entries: Entries = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        element = builder.start(tag, attributes)
        if tag in entry_tags:
            entries.append((element, parser.CurrentLineNumber))

    def refuse_doctype(*_: object) -> None:
        raise SourceFileError(f"{path.name} declares a DOCTYPE; the list has none: refused")

    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.buffer_text = True
    try:
        parser.Parse(path.read_bytes(), True)
    except expat.ExpatError as error:
        raise SourceFileError(
            f"{path.name} is not well-formed XML (line {error.lineno}, column {error.offset}: "
            f"{expat.errors.messages[error.code]}); if the error is at the end, the file is "
            "cut off: download it again"
        ) from None
    return builder.close(), entries
