"""Read the UN Security Council Consolidated List (XML) into designation records.

The file is ``CONSOLIDATED_LIST`` with ``INDIVIDUALS/INDIVIDUAL`` and
``ENTITIES/ENTITY`` elements. Names come in parts (``FIRST_NAME`` ..
``FOURTH_NAME``); aliases carry a quality (``Good``/``a.k.a.`` strong, ``Low``
weak); multi-valued fields wrap their values (``NATIONALITY/VALUE``).

The file is parsed with expat feeding an ElementTree builder, which gives each entry
its line number for error reports, and refuses a DOCTYPE: the list has none, and a
DTD is how entity-expansion attacks get in.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

from app.services.importing.dates import parse_date, parse_date_range
from app.services.importing.errors import MAX_MALFORMED_SHARE, SourceFileError, refuse_if_garbled
from app.services.importing.records import (
    AddressRecord,
    BirthDateRecord,
    DesignationRecord,
    IdentifierRecord,
    NameRecord,
    ReadResult,
    RowError,
)
from app.services.importing.xml_source import parse_entries

SOURCE = "un-consolidated"
# Program codes are the file's UN_LIST_TYPE ("Al-Qaida", "DPRK") behind this prefix, so
# they cannot be mistaken for another list's codes ("UN Iran" is not OFAC's "IRAN").
UN_PROGRAM_PREFIX = "UN "
ROOT_TAG = "CONSOLIDATED_LIST"
_ENTRY_KINDS = {"INDIVIDUAL": "individual", "ENTITY": "entity"}
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
# QUALITY of an alias -> (name_type, quality). Empty or unknown qualities read as a.k.a.
_ALIAS_KINDS = {
    "good": ("aka", "strong"),
    "a.k.a.": ("aka", "strong"),
    "low": ("aka", "weak"),
    "f.k.a.": ("fka", "strong"),
}
# xs:date: the day, then an optional time zone ("Z", "-04:00") that a day-date ignores.
_XSD_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?")
# Alias notes saying the alias is a name the entry used to be listed under.
_FORMER_NAME_NOTES = ("previously listed as", "formerly listed as")


UnReadResult = ReadResult  # the readers' one result type

class _MalformedEntry(Exception):
    """An entry the reader cannot use; reported as a RowError and skipped."""


def read_un_xml(path: Path, *, max_malformed_share: float = MAX_MALFORMED_SHARE) -> UnReadResult:
    """Read a UN consolidated list file; raise SourceFileError to refuse it."""
    path = Path(path)
    root, entries = parse_entries(path, _ENTRY_KINDS)
    if root.tag != ROOT_TAG:
        raise SourceFileError(
            f"{path.name} is not a UN consolidated list: its root element is <{root.tag}>, "
            f"not <{ROOT_TAG}>"
        )
    if not entries:
        raise SourceFileError(f"{path.name} has no INDIVIDUAL or ENTITY elements")
    result = UnReadResult()
    lines_by_ref: dict[str, int] = {}
    for element, line in entries:
        try:
            record = _record(element, path.name, line, result.warnings)
            if (first_line := lines_by_ref.get(record.ref)) is not None:
                raise _MalformedEntry(
                    f"duplicate REFERENCE_NUMBER {record.ref} (first on line {first_line})"
                )
        except _MalformedEntry as problem:
            dataid = _text(element, "DATAID") or "?"
            message = f"{element.tag} DATAID {dataid}: {problem}"
            result.errors.append(RowError(path.name, line, message))
            if ref := _text(element, "REFERENCE_NUMBER") or _text(element, "DATAID"):
                result.skipped_refs.add(ref)
            continue
        lines_by_ref[record.ref] = line
        result.records.append(record)
    refuse_if_garbled(path.name, result.errors, len(entries), max_malformed_share)
    return result


def _record(
    element: ElementTree.Element, file_name: str, line: int, warnings: list[str]
) -> DesignationRecord:
    ref = _text(element, "REFERENCE_NUMBER") or _text(element, "DATAID")
    if ref is None:
        raise _MalformedEntry("no REFERENCE_NUMBER or DATAID")
    primary_name = " ".join(part for tag in _NAME_PARTS if (part := _text(element, tag)))
    if not primary_name:
        raise _MalformedEntry("no name (FIRST_NAME to FOURTH_NAME are empty)")
    names = [NameRecord(primary_name, "primary", "strong")]
    if original := _text(element, "NAME_ORIGINAL_SCRIPT"):
        names.append(NameRecord(original, "aka", "strong"))
    birth_dates = [d for e in element.findall(f"{element.tag}_DATE_OF_BIRTH") if (d := _birth(e))]
    birth_places = [p for e in element.findall(f"{element.tag}_PLACE_OF_BIRTH") if (p := _place(e))]
    for alias in element.findall(f"{element.tag}_ALIAS"):
        _read_alias(alias, names, birth_dates, birth_places)
    list_type = _text(element, "UN_LIST_TYPE")
    return DesignationRecord(
        source=SOURCE,
        ref=ref,
        kind=_ENTRY_KINDS[element.tag],
        primary_name=primary_name,
        names=names,
        gender=_text(element, "GENDER"),
        titles=_values(element, "TITLE") + _values(element, "DESIGNATION"),
        remarks=(element.findtext("COMMENTS1") or "").strip() or None,
        birth_dates=birth_dates,
        birth_places=birth_places,
        nationalities=_values(element, "NATIONALITY"),
        identifiers=[i for e in element.findall(f"{element.tag}_DOCUMENT") if (i := _document(e))],
        addresses=[a for e in element.findall(f"{element.tag}_ADDRESS") if (a := _address(e))],
        program_codes=[UN_PROGRAM_PREFIX + list_type] if list_type else [],
        listed_on=_listed_on(element, ref, warnings),
        source_file=file_name,
        source_line=line,
    )


def _read_alias(
    alias: ElementTree.Element,
    names: list[NameRecord],
    birth_dates: list[BirthDateRecord],
    birth_places: list[str],
) -> None:
    """Add an alias, and the birth date and place given with it, to the entry's lists."""
    name = _text(alias, "ALIAS_NAME")
    if name is None:
        return  # the list writes an empty alias element for "no alias"
    name_type, quality = _ALIAS_KINDS.get(
        (_text(alias, "QUALITY") or "").lower(), ("aka", "strong")
    )
    if (_text(alias, "NOTE") or "").lower() in _FORMER_NAME_NOTES:
        name_type = "fka"
    names.append(NameRecord(name, name_type, quality))
    if born := _text(alias, "DATE_OF_BIRTH"):
        span = parse_date_range(born)
        birth_dates.append(BirthDateRecord(span.text, span.earliest, span.latest))
    if place := _joined(alias, "CITY_OF_BIRTH", "COUNTRY_OF_BIRTH"):
        birth_places.append(place)


def _birth(element: ElementTree.Element) -> BirthDateRecord | None:
    """A DATE_OF_BIRTH element as readable text: "28 Feb 1975", "circa 1960", "1955 to 1958"."""
    note = _text(element, "NOTE")
    if day := _text(element, "DATE"):
        exact = _xsd_date(day)
        text = exact.strftime("%d %b %Y") if exact else day
    elif year := _text(element, "YEAR"):
        text = year
    elif (start := _text(element, "FROM_YEAR")) and (end := _text(element, "TO_YEAR")):
        text = f"{start} to {end}"
    elif note:
        text, note = note, None  # "Nov. 1973", "30-35 years old"
    else:
        return None
    if _text(element, "TYPE_OF_DATE") == "APPROXIMATELY" or (note or "").lower() == "approximately":
        text, note = f"circa {text}", None
    span = parse_date_range(text)
    return BirthDateRecord(f"{text} ({note})" if note else text, span.earliest, span.latest)


def _place(element: ElementTree.Element) -> str | None:
    place = _joined(element, "STREET", "CITY", "STATE_PROVINCE", "COUNTRY")
    note = _text(element, "NOTE")
    if place and note:
        return f"{place} ({note})"
    return place or note


def _document(element: ElementTree.Element) -> IdentifierRecord | None:
    id_type = _text(element, "TYPE_OF_DOCUMENT")
    number = _text(element, "NUMBER")
    city = _text(element, "CITY_OF_ISSUE")
    notes = [
        _text(element, "TYPE_OF_DOCUMENT2"),
        city and f"issued in {city}",
        _text(element, "NOTE"),
    ]
    note = "; ".join(n for n in notes if n) or None
    if number is None and note is None:
        return None  # an empty document element: "no documents"
    issued = _text(element, "DATE_OF_ISSUE")
    return IdentifierRecord(
        id_type=id_type or "Document",
        number=number or "",  # some documents give the number only in prose, in the note
        country=_text(element, "ISSUING_COUNTRY") or _text(element, "COUNTRY_OF_ISSUE"),
        issued_on=_xsd_date(issued) if issued else None,
        note=note,
    )


def _address(element: ElementTree.Element) -> AddressRecord | None:
    address = AddressRecord(
        address=_text(element, "STREET"),
        city=_joined(element, "CITY", "STATE_PROVINCE", "ZIP_CODE"),
        country=_text(element, "COUNTRY"),
        note=_text(element, "NOTE"),
    )
    return address if any(vars(address).values()) else None


def _listed_on(element: ElementTree.Element, ref: str, warnings: list[str]) -> date | None:
    text = _text(element, "LISTED_ON")
    listed_on = _xsd_date(text) if text else None
    if text and listed_on is None:
        warnings.append(f"{ref}: LISTED_ON {text!r} is not a date; left empty")
    return listed_on


def _xsd_date(text: str) -> date | None:
    """An XML Schema date, which may end in a time zone: "2015-04-07-04:00"."""
    match = _XSD_DATE.fullmatch(text)
    return parse_date(match[1]) if match else parse_date(text)


def _text(element: ElementTree.Element, tag: str) -> str | None:
    """A child's text with its whitespace tidied (values are often wrapped or padded)."""
    return " ".join((element.findtext(tag) or "").split()) or None


def _values(element: ElementTree.Element, tag: str) -> list[str]:
    """The VALUEs of a multi-valued child: ``<NATIONALITY><VALUE>Iraq</VALUE>...``."""
    return [value for child in element.findall(f"{tag}/VALUE") if (value := _text(child, "."))]


def _joined(element: ElementTree.Element, *tags: str) -> str | None:
    return ", ".join(part for tag in tags if (part := _text(element, tag))) or None
