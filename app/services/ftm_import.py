"""Read a FollowTheMoney JSON Lines file (ours, or any list exported in FtM) as records.

People, organisations, companies, legal entities, vessels and airplanes become
DesignationRecords; their ``Sanction`` entities become measures and their
``Identification``/``Passport`` entities identifiers. Other schemata are counted and
skipped. The records go through the same loader as every other import; an entity that
cannot be used is a RowError (file, line), and a file with too many is refused.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from app.matching.identifiers import identifier_key
from app.models import MEASURE_TYPES
from app.services.importing.errors import MAX_MALFORMED_SHARE, SourceFileError, refuse_if_garbled
from app.services.importing.records import (
    AddressRecord,
    BirthDateRecord,
    DesignationRecord,
    IdentifierRecord,
    MeasureRecord,
    NameRecord,
    RowError,
)
from app.services.records import ReadResult

SOURCE = "ftm"
SUBJECT_KINDS = {
    "Person": "individual",
    "Organization": "entity",
    "Company": "entity",
    "LegalEntity": "entity",
    "PublicBody": "entity",
    "Vessel": "vessel",
    "Airplane": "aircraft",
}
ID_PROPERTIES = {
    "passportNumber": "Passport",
    "idNumber": "Identification Number",
    "taxNumber": "Tax ID No.",
    "registrationNumber": "Registration Number",
    "imoNumber": "IMO",
    "mmsi": "MMSI",
    "innCode": "Tax ID No.",
    "ogrnCode": "Registration Number",
    "leiCode": "Legal Entity Number",
}
MAX_LINE_BYTES = 1024 * 1024
# Column sizes of the tables the values go to.
MAX_NAME, MAX_REF, MAX_ID_TYPE, MAX_NUMBER, MAX_COUNTRY, MAX_PROGRAM = 500, 100, 100, 200, 100, 64
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_LABELS = {label.casefold(): key for key, label in MEASURE_TYPES.items()}
_JURISDICTIONS = {"GB": "UK"}


class _Unusable(Exception):
    """An entity the reader cannot use; reported as a RowError and skipped."""


FtmReadResult = ReadResult  # the readers' one result type


def _values(entity: dict, name: str) -> list[str]:
    values = entity["properties"].get(name) or []
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):
        raise _Unusable(f"property {name!r} is not a list")
    return [str(v).strip() for v in values if isinstance(v, str | int | float) and str(v).strip()]


def _check(value: str, limit: int, what: str) -> str:
    if len(value) > limit:
        raise _Unusable(f"{what} is longer than {limit} characters")
    if "\x00" in value:
        raise _Unusable(f"{what} holds a NUL character")
    return value


def _date_range(text: str) -> tuple[date | None, date | None]:
    """FtM dates are prefixes: "1975", "1975-02" or "1975-02-28"."""
    match = _DATE.match(text)
    if not match:
        return None, None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if day and month:
            return date(year, month, day), date(year, month, day)
        if month:
            end = date(year + (month == 12), month % 12 + 1, 1)
            return date(year, month, 1), date.fromordinal(end.toordinal() - 1)
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None, None


def _first_date(entity: dict, name: str) -> date | None:
    for value in _values(entity, name):
        start, _end = _date_range(value)
        if start:
            return start
    return None


def _measure(sanction: dict) -> MeasureRecord:
    provisions = next(iter(_values(sanction, "provisions")), "")
    measure_type = _LABELS.get(provisions.casefold()) or (
        re.sub(r"[^a-z0-9]+", "_", provisions.casefold()).strip("_")[:64] or "asset_freeze"
    )
    country = next(iter(_values(sanction, "country")), "")
    authority = " ".join(_values(sanction, "authority"))
    jurisdiction = country.upper()[:8] or ("UN" if "United Nations" in authority else "INTL")
    program = next(iter(_values(sanction, "programId") + _values(sanction, "program")), "")
    return MeasureRecord(
        measure_type=measure_type,
        jurisdiction=_JURISDICTIONS.get(jurisdiction, jurisdiction),
        program_code=_check(program or "FTM-IMPORT", MAX_PROGRAM, "program"),
        start_date=_first_date(sanction, "startDate"),
        end_date=_first_date(sanction, "endDate"),
    )


def _record(entity: dict, line: int, sanctions: list[dict], documents: list[dict], file: str):
    kind = SUBJECT_KINDS[entity["schema"]]
    ref = _check(entity["id"], MAX_REF, "the id")
    names = [_check(n, MAX_NAME, "a name") for n in _values(entity, "name")]
    caption = entity.get("caption") if isinstance(entity.get("caption"), str) else None
    primary = caption if caption in names else (names[0] if names else caption)
    if not primary:
        raise _Unusable("the entity has no name")
    name_records = [NameRecord(_check(primary, MAX_NAME, "a name"))]
    name_records += [NameRecord(n, "aka") for n in names if n != primary]
    for prop, name_type, quality in (
        ("alias", "aka", "strong"),
        ("weakAlias", "aka", "weak"),
        ("previousName", "fka", "strong"),
    ):
        name_records += [
            NameRecord(_check(n, MAX_NAME, "a name"), name_type, quality)
            for n in _values(entity, prop)
        ]
    identifiers: dict[str, IdentifierRecord] = {}
    for prop, id_type in ID_PROPERTIES.items():
        for number in _values(entity, prop):
            identifiers.setdefault(
                identifier_key(number), IdentifierRecord(id_type, _check(number, MAX_NUMBER, prop))
            )
    for document in documents:
        for number in _values(document, "number"):
            id_type = next(iter(_values(document, "type")), document["schema"])
            country = next(iter(_values(document, "country")), None)
            identifiers[identifier_key(number)] = IdentifierRecord(
                _check(id_type, MAX_ID_TYPE, "an identifier type"),
                _check(number, MAX_NUMBER, "a number"),
                country=country and _check(country, MAX_COUNTRY, "a country"),
                issued_on=_first_date(document, "startDate"),
                expires_on=_first_date(document, "endDate"),
            )
    measures = [_measure(s) for s in sanctions]
    listed = [d for s in sanctions if (d := _first_date(s, "listingDate"))]
    countries = [_check(c, MAX_COUNTRY, "a country") for c in _values(entity, "nationality")]
    countries += [_check(c, MAX_COUNTRY, "a country") for c in _values(entity, "country")]
    return DesignationRecord(
        source=SOURCE,
        ref=ref,
        kind=kind,
        primary_name=primary,
        names=name_records,
        gender=next(iter(_values(entity, "gender")), None),
        titles=_values(entity, "position")[:20],
        remarks="\n".join(_values(entity, "notes")) or None,
        birth_dates=[
            BirthDateRecord(value, *_date_range(value)) for value in _values(entity, "birthDate")
        ],
        birth_places=[p[:300] for p in _values(entity, "birthPlace")],
        nationalities=list(dict.fromkeys(countries)),
        citizenships=[c[:MAX_COUNTRY] for c in _values(entity, "citizenship")],
        identifiers=list(identifiers.values()),
        addresses=[AddressRecord(address=a) for a in _values(entity, "address")],
        program_codes=list(dict.fromkeys(m.program_code for m in measures))
        or [p[:MAX_PROGRAM] for p in _values(entity, "programId")],
        measures=measures,
        listed_on=min(listed) if listed else None,
        source_file=file,
        source_line=line,
    )


def _entities(path: Path, result: FtmReadResult):
    """(line, entity) for each line holding an object with an id, schema and properties."""
    with path.open("rb") as stream:
        for line_number, raw in enumerate(stream, start=1):
            if len(raw) > MAX_LINE_BYTES:
                result.errors.append(RowError(path.name, line_number, "the line is too long"))
                continue
            if not raw.strip():
                continue
            try:
                entity = json.loads(raw)
            except (ValueError, RecursionError):
                result.errors.append(RowError(path.name, line_number, "not a JSON object"))
                continue
            if (
                not isinstance(entity, dict)
                or not isinstance(entity.get("id"), str)
                or not isinstance(entity.get("schema"), str)
                or not isinstance(entity.get("properties"), dict)
            ):
                result.errors.append(
                    RowError(path.name, line_number, "not an FtM entity (id, schema, properties)")
                )
                continue
            yield line_number, entity


def read_ftm(path: Path, *, max_malformed_share: float = MAX_MALFORMED_SHARE) -> FtmReadResult:
    """The subjects of an FtM JSON Lines file, with their sanctions and documents."""
    path = Path(path)
    if not path.is_file():
        raise SourceFileError(f"{path} not found")
    result = FtmReadResult()
    subjects: list[tuple[int, dict]] = []
    sanctions: dict[str, list[dict]] = {}
    documents: dict[str, list[dict]] = {}
    other = 0
    total = 0
    for line_number, entity in _entities(path, result):
        total += 1
        schema = entity["schema"]
        if schema in SUBJECT_KINDS:
            subjects.append((line_number, entity))
        elif schema == "Sanction":
            for target in _safe_values(entity, "entity"):
                sanctions.setdefault(target, []).append(entity)
        elif schema in ("Identification", "Passport"):
            for holder in _safe_values(entity, "holder"):
                documents.setdefault(holder, []).append(entity)
        else:
            other += 1
    total += len(result.errors)
    if not subjects:
        raise SourceFileError(
            f"{path.name} holds no Person, Organization, Company, Vessel or Airplane entities"
        )
    seen: set[str] = set()
    for line_number, entity in subjects:
        if entity["id"] in seen:
            result.errors.append(RowError(path.name, line_number, "the id is used twice"))
            continue
        seen.add(entity["id"])
        try:
            result.records.append(
                _record(
                    entity,
                    line_number,
                    sanctions.get(entity["id"], []),
                    documents.get(entity["id"], []),
                    path.name,
                )
            )
        except _Unusable as problem:
            result.errors.append(RowError(path.name, line_number, str(problem)))
            result.skipped_refs.add(entity["id"][:MAX_REF])
    refuse_if_garbled(path.name, result.errors, max(total, 1), max_malformed_share)
    if other:
        result.warnings.append(f"{other} entities of other schemata were not imported")
    return result


def _safe_values(entity: dict, name: str) -> list[str]:
    try:
        return _values(entity, name)
    except _Unusable:
        return []
