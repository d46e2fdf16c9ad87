"""The one validator of designation records: the admin form and every import call it.

``check_record`` returns the problems of a record, each naming the field it is
about (``identifiers[0].number``) with a message a person can act on; the form
shows each beside its field, an import reports it with the file and row and
skips the record. Checks: no control characters in any text (a NUL would end up
in every output), a primary name and every name given, dates in order (issue
before expiry, start before end), birth years from ``min_birth_year`` on, and,
for an editor's record, identifiers with a type and a number (an IMO number with
a valid check digit) and countries from the list.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.services.countries import canonical_country
from app.services.programs import fits_kind
from app.services.records import DesignationRecord, RowError

# Characters allowed although Unicode calls them control characters: line breaks and
# tabs, which multi-line fields (remarks) and source files legitimately hold.
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}

LABELS = {
    "kind": "Kind",
    "primary_name": "Primary name",
    "names": "Name",
    "full_name": "Name",
    "gender": "Gender",
    "titles": "Titles",
    "remarks": "Remarks",
    "birth_dates": "Date of birth",
    "birth_places": "Place of birth",
    "nationalities": "Nationality",
    "citizenships": "Citizenship",
    "identifiers": "Identifier",
    "id_type": "Identifier type",
    "number": "Identifier number",
    "addresses": "Address",
    "address": "Street address",
    "city": "City",
    "country": "Country",
    "note": "Note",
    "links": "Link",
    "target_name": "Linked designation",
    "relation": "Relation",
    "measures": "Measure",
    "source_refs": "Source reference",
    "text": "Date of birth",
}


@dataclass(frozen=True)
class RecordRules:
    """The settings the validator applies (from config: MIN_BIRTH_YEAR)."""

    min_birth_year: int


@dataclass(frozen=True)
class Problem:
    field: str  # the record's attribute path: "primary_name", "identifiers[0].number"
    message: str  # names the field: "Identifier number: not a valid IMO number ..."

    def __str__(self) -> str:
        return self.message


def label(path: str) -> str:
    """The field's label for a path: "identifiers[0].number" -> "Identifier number"."""
    last = re.sub(r"\[\d+\]", "", path.rsplit(".", 1)[-1])
    return LABELS.get(last, last.replace("_", " ").capitalize())


def imo_number_is_valid(number: str) -> bool:
    """IMO ship numbers: 7 digits, the last a check digit (weights 7..2, mod 10)."""
    digits = re.sub(r"^imo\s*", "", number.strip(), flags=re.IGNORECASE)
    if not re.fullmatch(r"\d{7}", digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:6], range(7, 1, -1), strict=True))
    return total % 10 == int(digits[6])


def control_character(text: str) -> str | None:
    """The first control character of ``text`` (other than tab and line breaks), or None."""
    for char in text:
        if unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS:
            return char
    return None


def check_record(
    record: DesignationRecord, rules: RecordRules, known_countries: set[str] | None = None
) -> list[Problem]:
    """Every problem of ``record`` (empty: it may be written).

    With ``known_countries`` (an editor's record) the checks of typed input apply too:
    each identifier has a type and a number, an IMO number its check digit, and each
    country is on the list or among ``known_countries`` (those already stored, kept as
    they are) and is rewritten to the list's name. Without (an import), what the source
    published is kept as it wrote it: OFAC lists IMO numbers failing the check digit and
    the UN passports known by a note only, and they are still the list.
    """
    problems: list[Problem] = []

    def add(path: str, message: str) -> None:
        problems.append(Problem(path, f"{label(path)}: {message}"))

    reported: set[str] = set()  # the primary name is among the names too: say it once
    for path, text in _texts(record):
        char = control_character(text)
        if char is not None and text not in reported:
            reported.add(text)
            add(path, f"contains the control character U+{ord(char):04X}; remove it.")
    if not record.primary_name.strip():
        add("primary_name", "give the primary name.")
    for i, name in enumerate(record.names):
        if not name.full_name.strip():
            add(f"names[{i}].full_name", "give the name, or remove the row.")
    for i, b in enumerate(record.birth_dates):
        if b.earliest is not None and b.earliest.year < rules.min_birth_year:
            add(f"birth_dates[{i}]", f"give a year from {rules.min_birth_year} on.")
    for i, ident in enumerate(record.identifiers):
        where = f"identifiers[{i}]"
        if ident.issued_on and ident.expires_on and ident.expires_on < ident.issued_on:
            add(f"{where}.expires_on", "the expiry date must be after the issue date.")
        if known_countries is None:
            continue  # a source's identifiers are what it published, even without a number
        if not ident.id_type.strip():
            add(f"{where}.id_type", "give the type of identifier.")
        if not ident.number.strip():
            add(f"{where}.number", "give the number.")
        elif "imo" in ident.id_type.lower() and not imo_number_is_valid(ident.number):
            add(f"{where}.number", "not a valid IMO number (7 digits, last is a check digit).")
    for i, m in enumerate(record.measures):
        if m.start_date and m.end_date and m.end_date < m.start_date:
            add(f"measures[{i}].end_date", "the end date must be after the start date.")
        if known_countries is not None and not fits_kind(m.measure_type, record.kind):
            # A source's misplaced ban is dropped by the writer; an editor is told.
            add(
                f"measures[{i}].measure_type",
                f"applies to individuals only, not to {record.kind}s.",
            )
    for i, (source, ref) in enumerate(record.source_refs):
        if not source.strip() or not ref.strip():
            add(f"source_refs[{i}]", "give both the source and the reference.")
    for i, link in enumerate(record.links):
        if not link.target_name.strip() and link.target_id is None:
            add(f"links[{i}].target_name", "name the linked designation.")
    if known_countries is not None:
        _check_countries(record, known_countries, add)
    return problems


def _check_countries(record: DesignationRecord, known: set[str], add: Any) -> None:
    def canonical(path: str, value: str | None) -> str | None:
        if not value or value in known:
            return value
        found = canonical_country(value)
        if found is None:
            add(path, f"unknown country {value!r}: pick one from the list.")
            return value
        return found

    record.nationalities = [
        canonical(f"nationalities[{i}]", c) for i, c in enumerate(record.nationalities)
    ]
    record.citizenships = [
        canonical(f"citizenships[{i}]", c) for i, c in enumerate(record.citizenships)
    ]
    for i, ident in enumerate(record.identifiers):
        ident.country = canonical(f"identifiers[{i}].country", ident.country)
    for i, address in enumerate(record.addresses):
        address.country = canonical(f"addresses[{i}].country", address.country)


def _texts(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string in the record with its path."""
    if isinstance(value, str):
        yield path, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name in ("source_file", "source_line"):
                continue
            child = getattr(value, f.name)
            yield from _texts(child, f"{path}.{f.name}" if path else f.name)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _texts(item, f"{path}[{i}]")
    elif isinstance(value, date) or value is None:
        return


def refuse_invalid(
    records: list[DesignationRecord], rules: RecordRules
) -> tuple[list[DesignationRecord], list[RowError], set[str]]:
    """Split read records into those that pass ``check_record`` and row errors for the rest.

    Returns (valid records, one error per refused record naming the file, row and
    fields, refs of the refused records: still on the list, so a full import must not
    delist them).
    """
    valid, errors, refused = [], [], set()
    for record in records:
        problems = check_record(record, rules)
        if not problems:
            valid.append(record)
            continue
        refused.add(record.ref)
        where = record.source_file or record.source
        errors.append(RowError(where, record.source_line or 0, " ".join(map(str, problems))))
    return valid, errors, refused
