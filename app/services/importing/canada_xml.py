"""Read the Consolidated Canadian Autonomous Sanctions List (XML) into designation records.

The file is ``data-set`` with one ``record`` per listing: ``Country`` (in fact the
regime: a country's Special Economic Measures Act regulations, or the Justice for
Victims of Corrupt Foreign Officials Regulations), ``LastName``/``GivenName`` or
``Entity``, ``DateOfBirth``, ``Aliases`` (comma-separated), ``Title``, ``Schedule``
and ``Item`` (the listing's place in the regulations' schedule).

What each regime imposes, decided here because the file does not say:
- JVCFOR records (Canada's Magnitsky law; their ``Country`` names the Regulations and
  carries "(JVCFOR)") -> program CA-JVCFOA: a dealings prohibition (asset freeze) and,
  through the Immigration and Refugee Protection Act, inadmissibility (entry ban).
- Special Economic Measures regulations -> program CA-SEMA-<COUNTRY>: a dealings
  prohibition (asset freeze); except Schedules 2 and 3 of the Russia Regulations, which
  list entities restricted only in new debt and financing (sectoral, not a freeze).

The ref is ``<program>:<schedule>:<item>`` ("CA-JVCFOA:1:7"): the schedule and item
number are how the regulations themselves cite a listing, and do not depend on how the
``Country`` text is spelled or spaced from one file to the next.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

from app.services.importing.dates import parse_date_range
from app.services.importing.errors import MAX_MALFORMED_SHARE, SourceFileError, refuse_if_garbled
from app.services.importing.records import (
    BirthDateRecord,
    DesignationRecord,
    MeasureRecord,
    NameRecord,
    ReadResult,
    RowError,
)
from app.services.importing.xml_source import parse_entries

SOURCE = "ca-sema-jvcfoa"
JURISDICTION = "CA"
ROOT_TAG = "data-set"
ENTRY_TAG = "record"
JVCFOA_PROGRAM = "CA-JVCFOA"
SEMA_PROGRAM_PREFIX = "CA-SEMA-"
# How the file names the JVCFOR regime in Country (English title or its abbreviation).
_JVCFOR_MARKS = ("(jvcfor)", "justice for victims of corrupt foreign officials")
_JVCFOR_MEASURES = ("asset_freeze", "entry_ban")
_SEMA_MEASURES = ("asset_freeze",)
# (program, schedule) -> measures where they differ from the regime's.
_SCHEDULE_MEASURES = {
    (f"{SEMA_PROGRAM_PREFIX}RUSSIA", "2"): ("debt_restrictions",),
    (f"{SEMA_PROGRAM_PREFIX}RUSSIA", "3"): ("debt_restrictions",),
}
NO_SCHEDULE = "-"  # records of regulations without schedules ("N/A" or no Schedule)
_NOT_APPLICABLE = {"", "n/a"}
_SEPARATE_BIRTH_DATES = re.compile(r"\s+or\s+|\s*;\s*")


CanadaReadResult = ReadResult  # the readers' one result type

class _MalformedEntry(Exception):
    """A record the reader cannot use; reported as a RowError and skipped."""


def read_canada_xml(
    path: Path, *, max_malformed_share: float = MAX_MALFORMED_SHARE
) -> CanadaReadResult:
    """Read a Canadian autonomous sanctions list file; raise SourceFileError to refuse it."""
    path = Path(path)
    root, entries = parse_entries(path, {ENTRY_TAG})
    if root.tag != ROOT_TAG:
        raise SourceFileError(
            f"{path.name} is not the Canadian autonomous sanctions list: its root element is "
            f"<{root.tag}>, not <{ROOT_TAG}>"
        )
    if not entries:
        raise SourceFileError(f"{path.name} has no <{ENTRY_TAG}> elements")
    result = CanadaReadResult()
    lines_by_ref: dict[str, int] = {}
    for element, line in entries:
        ref = None
        try:
            program, ref = _program_and_ref(element)
            if (first := lines_by_ref.get(ref)) is not None:
                raise _MalformedEntry(f"duplicate listing {ref} (first on line {first})")
            record = _record(element, program, ref, path.name, line)
        except _MalformedEntry as problem:
            result.errors.append(RowError(path.name, line, str(problem)))
            if ref is not None:
                result.skipped_refs.add(ref)
            continue
        lines_by_ref[ref] = line
        result.records.append(record)
    refuse_if_garbled(path.name, result.errors, len(entries), max_malformed_share)
    return result


def program_code(country: str) -> str:
    """``Country`` text -> program code: CA-JVCFOA, or CA-SEMA- and the country in English."""
    lowered = country.casefold()
    if any(mark in lowered for mark in _JVCFOR_MARKS):
        return JVCFOA_PROGRAM
    english = country.split("/")[0]  # "Russia / Russie": English, then French
    return SEMA_PROGRAM_PREFIX + "-".join(english.upper().split())


def _program_and_ref(element: ElementTree.Element) -> tuple[str, str]:
    country = _text(element, "Country")
    if country is None:
        raise _MalformedEntry("no Country (the regime)")
    program = program_code(country)
    item = _text(element, "Item")
    if item is None:
        raise _MalformedEntry(f"{program} record without an Item number")
    schedule = _text(element, "Schedule") or ""
    if schedule.casefold() in _NOT_APPLICABLE:
        schedule = NO_SCHEDULE
    # "1, Part 2" -> "1 Part 2": a ref without the list's punctuation quirks
    schedule = " ".join(schedule.replace(",", " ").split())
    return program, f"{program}:{schedule}:{item}"


def _record(
    element: ElementTree.Element, program: str, ref: str, file_name: str, line: int
) -> DesignationRecord:
    entity = _text(element, "Entity")
    last_name, given_name = _text(element, "LastName"), _text(element, "GivenName")
    if entity:
        kind, primary_name = "entity", entity
    elif last_name or given_name:
        kind = "individual"
        primary_name = ", ".join(part for part in (last_name, given_name) if part)
    else:
        raise _MalformedEntry(f"{ref} has no Entity, LastName or GivenName")
    schedule = ref.split(":")[1]
    measure_types = _SCHEDULE_MEASURES.get(
        (program, schedule), _JVCFOR_MEASURES if program == JVCFOA_PROGRAM else _SEMA_MEASURES
    )
    title = _text(element, "Title")
    return DesignationRecord(
        source=SOURCE,
        ref=ref,
        kind=kind,
        primary_name=primary_name,
        names=[
            NameRecord(primary_name, "primary"),
            *(NameRecord(alias, "aka") for alias in _aliases(element)),
        ],
        titles=[title] if title else [],
        birth_dates=_birth_dates(element),
        program_codes=[program],
        measures=[MeasureRecord(m, JURISDICTION, program) for m in measure_types],
        source_file=file_name,
        source_line=line,
    )


def _aliases(element: ElementTree.Element) -> list[str]:
    # The list separates aliases with commas; none of its names has a comma of its own.
    text = _text(element, "Aliases") or ""
    return list(dict.fromkeys(alias for part in text.split(",") if (alias := part.strip())))


def _birth_dates(element: ElementTree.Element) -> list[BirthDateRecord]:
    """``1972-08-10 or 1972-08-11`` gives two dates; ``1964-03`` a month; ``1955`` a year."""
    text = _text(element, "DateOfBirth") or ""
    dates = []
    for part in _SEPARATE_BIRTH_DATES.split(text):
        if part:
            span = parse_date_range(part)
            dates.append(BirthDateRecord(span.text, span.earliest, span.latest))
    return dates


def _text(element: ElementTree.Element, tag: str) -> str | None:
    """A child's text with white space tidied (the list pads names with no-break spaces)."""
    return " ".join((element.findtext(tag) or "").split()) or None
