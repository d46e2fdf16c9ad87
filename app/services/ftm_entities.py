"""Our subjects as FollowTheMoney (FtM) entities: one shape for the export and /match.

A subject (the designations of several lists linked as one person or entity) becomes
one ``Person``/``Organization``/``Company``/``Vessel``/``Airplane``; each of its measures
a ``Sanction``; each identity document an ``Identification`` or ``Passport``. Ids come
from our source references ("ofac-sdn-15886"), so they stay stable across re-imports
and the same subject gets the same id in every export.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from datetime import date

from app.matching import normalise_country
from app.matching.identifiers import identifier_category
from app.models import Designation, Identifier, Measure

KIND_SCHEMAS = {
    "individual": "Person",
    "entity": "Organization",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}
# FtM schemas a query may name -> our kind (None: any kind).
SCHEMA_KINDS: dict[str, str | None] = {
    "Person": "individual",
    "Organization": "entity",
    "Company": "entity",
    "LegalEntity": None,
    "PublicBody": "entity",
    "Vessel": "vessel",
    "Airplane": "aircraft",
    "Thing": None,
}
# An entity whose name carries one of these words is exported as a Company.
_LEGAL_FORMS = re.compile(
    r"\b(ltd|llc|limited|company|co|inc|corp|corporation|gmbh|ag|plc|jsc|pjsc|ojsc|cjsc|"
    r"ooo|oao|zao|pao|ao|sa|s\.a|bv|nv|srl|spa|lp|llp|fze|fzco|fzc|bhd|pte|kg|sarl|"
    r"trading|holding|holdings|enterprise|enterprises)\b\.?",
    re.IGNORECASE,
)
AUTHORITIES = {
    "US": "Office of Foreign Assets Control (OFAC), US Department of the Treasury",
    "UK": "Foreign, Commonwealth and Development Office (FCDO), United Kingdom",
    "CA": "Global Affairs Canada",
    "UN": "United Nations Security Council",
    "AU": "Department of Foreign Affairs and Trade, Australia",
}
# Jurisdiction codes that are not ISO country codes in FtM's sense.
_JURISDICTION_COUNTRIES = {"UK": "gb", "UN": None, "EU": "eu"}
_GENDERS = {"male": "male", "female": "female", "m": "male", "f": "female"}
_SLUG = re.compile(r"[^a-z0-9]+")
_NAME_PROPERTIES = {"primary": "name", "aka": "alias", "nka": "alias", "fka": "previousName"}


def entity_id(source: str, ref: str) -> str:
    """The FtM id of the subject first listed as ``ref`` on list ``source``."""
    return _SLUG.sub("-", f"{source}-{ref}".lower()).strip("-")[:200]


def designation_entity_id(designation: Designation) -> str:
    refs = designation.source_refs
    if refs:
        return entity_id(refs[0].source, refs[0].ref)
    return f"designation-{designation.id}"


def _child_id(parent: str, kind: str, *parts: object) -> str:
    digest = hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:12]
    return f"{parent}-{kind}-{digest}"


def schema_for(designation: Designation) -> str:
    schema = KIND_SCHEMAS.get(designation.kind, "LegalEntity")
    if schema == "Organization" and _LEGAL_FORMS.search(designation.primary_name or ""):
        return "Company"
    return schema


# FtM's longest value per property type: an identifier longer than FtM allows is
# a sentence, not a number (it stays in the notes); longer text is cut.
_IDENTIFIER_PROPERTIES = frozenset(
    {"idNumber", "passportNumber", "imoNumber", "taxNumber", "registrationNumber", "mmsi"}
    | {"callSign", "number", "programId"}
)
MAX_IDENTIFIER, MAX_NAME, MAX_ADDRESS, MAX_STRING, MAX_TEXT = 64, 384, 250, 1024, 65000
_CUT_TO = {
    "name": MAX_NAME,
    "alias": MAX_NAME,
    "weakAlias": MAX_NAME,
    "previousName": MAX_NAME,
    "address": MAX_ADDRESS,
    "notes": MAX_TEXT,
    "summary": MAX_TEXT,
}


def _add(properties: dict[str, list[str]], name: str, value: object) -> None:
    if value is None:
        return
    text = value.isoformat() if isinstance(value, date) else str(value).strip()
    if not text:
        return
    if name in _IDENTIFIER_PROPERTIES:
        if len(text) > MAX_IDENTIFIER:
            return
    else:
        text = text[: _CUT_TO.get(name, MAX_STRING)].strip()
    if text not in properties.setdefault(name, []):
        properties[name].append(text)


def _birth_dates(earliest: date | None, latest: date | None) -> list[str]:
    """FtM dates of a birth date range: the day, the month or the years it allows."""
    if earliest is None or latest is None:
        day = earliest or latest
        return [str(day.year)] if day else []
    if earliest == latest:
        return [earliest.isoformat()]
    if (earliest.year, earliest.month) == (latest.year, latest.month) and earliest.day == 1:
        return [earliest.isoformat()[:7]]
    if latest.year - earliest.year <= 10:
        return [str(year) for year in range(earliest.year, latest.year + 1)]
    return []


def _country(text: str | None) -> str | None:
    return normalise_country(text) if text else None


# Numbers that are not identity documents (contact details, list references, ...).
_NOT_DOCUMENTS = frozenset(
    {"website", "email", "phone", "swift", "crypto", "call_sign", "mmsi", "list_ref"}
    | {"vessel_type", "vessel_flag", "aircraft"}
)


def _identifier_property(schema: str, identifier: Identifier) -> tuple[str, str] | None:
    """(FtM property, value) an identifier gives the subject's entity, if any."""
    category = identifier_category(identifier.id_type)
    number = identifier.number
    if schema == "Vessel":
        if category == "vessel_flag":
            code = _country(number)
            return ("flag", code) if code else None
        prop = {
            "imo": "imoNumber",
            "mmsi": "mmsi",
            "call_sign": "callSign",
            "vessel_type": "type",
            "registration": "registrationNumber",
        }.get(category)
        return (prop, number) if prop else None
    if schema == "Airplane":
        return ("registrationNumber", number) if category in ("aircraft", "registration") else None
    if category in _NOT_DOCUMENTS:
        return None
    if category == "passport":
        return ("passportNumber" if schema == "Person" else "idNumber", number)
    if category == "imo":
        return ("imoNumber" if schema != "Person" else "idNumber", number)
    prop = {"tax": "taxNumber", "registration": "registrationNumber"}.get(category, "idNumber")
    return prop, number


def _address(row) -> str | None:  # noqa: ANN001
    parts = [p for p in (row.address, row.city, row.country) if p]
    return ", ".join(parts) or None


def subject_entity(designations: list[Designation]) -> dict:
    """One FtM entity for a subject: the first designation gives its id, caption, schema."""
    main = designations[0]
    schema = schema_for(main)
    person = schema == "Person"
    properties: dict[str, list[str]] = {}
    for designation in designations:
        _add(properties, "name", designation.primary_name)
        for name in designation.names:
            if name.quality == "weak" and name.name_type != "primary":
                _add(properties, "weakAlias", name.full_name)
            else:
                _add(properties, _NAME_PROPERTIES.get(name.name_type, "alias"), name.full_name)
        for country in designation.nationalities:
            code = _country(country.country)
            if person:
                key = "citizenship" if country.kind == "citizenship" else "nationality"
            else:
                key = "country"
            _add(properties, key, code)
        for identifier in designation.identifiers:
            pair = _identifier_property(schema, identifier)
            if pair:
                _add(properties, *pair)
        for address in designation.addresses:
            _add(properties, "address", _address(address))
        if person:
            for birth in designation.birth_dates:
                for value in _birth_dates(birth.earliest, birth.latest):
                    _add(properties, "birthDate", value)
            for place in designation.birth_places:
                _add(properties, "birthPlace", place.place)
            for title in designation.titles or []:
                _add(properties, "position", title)
            _add(properties, "gender", _GENDERS.get((designation.gender or "").lower()))
        _add(properties, "notes", designation.remarks)
        for program in designation.programs:
            _add(properties, "programId", program.code)
            _add(properties, "sourceUrl", program.reference_url)
    if any(d.status == "active" for d in designations):
        properties["topics"] = ["sanction"]
    if schema == "Airplane" and not properties.get("name"):
        properties.pop("name", None)
    ids = [designation_entity_id(d) for d in designations]
    created = [d.created_at for d in designations if d.created_at]
    updated = [d.updated_at for d in designations if d.updated_at]
    imported = [
        r.last_imported_at for d in designations for r in d.source_refs if r.last_imported_at
    ]
    return {
        "first_seen": _timestamp(min(created)) if created else None,
        "last_change": _timestamp(max(updated)) if updated else None,
        # When a list last carried it (its last import), else its last change.
        "last_seen": _timestamp(max(seen)) if (seen := imported or updated) else None,
        "id": ids[0],
        "caption": main.primary_name,
        "schema": schema,
        "properties": properties,
        "datasets": list(dict.fromkeys(r.source for d in designations for r in d.source_refs)),
        "referents": [entity_id(r.source, r.ref) for d in designations for r in d.source_refs][1:]
        + [i for i in ids[1:] if i.startswith("designation-")],
    }


def _timestamp(moment) -> str:  # noqa: ANN001
    return moment.replace(microsecond=0, tzinfo=None).isoformat()


def _with(properties: dict[str, list[str]], values: Iterable[tuple[str, object]]) -> dict:
    """``properties`` with each (FtM property, value) added (empty values left out)."""
    for name, value in values:
        _add(properties, name, value)
    return properties


def _child_entity(
    designation: Designation, kind: str, schema: str, id_parts: tuple, properties: dict
) -> dict:
    """A Sanction or identity document of the subject first listed as ``designation``."""
    return {
        "id": _child_id(designation_entity_id(designation), kind, *id_parts),
        "schema": schema,
        "properties": properties,
    }


def sanction_entity(holder_id: str, designation: Designation, measure: Measure) -> dict:
    program = measure.program
    jurisdiction = measure.jurisdiction
    properties = _with(
        {"entity": [holder_id]},
        [
            ("authority", AUTHORITIES.get(jurisdiction, jurisdiction)),
            ("program", program and program.name),
            ("programId", program and program.code),
            ("sourceUrl", program and program.reference_url),
            ("country", _JURISDICTION_COUNTRIES.get(jurisdiction, jurisdiction.lower())),
            ("provisions", measure.label),
            ("startDate", measure.start_date),
            ("endDate", measure.end_date),
            ("listingDate", designation.listed_on),
            ("status", measure.status),
        ],
    )
    id_parts = (jurisdiction, program.code if program else "", measure.measure_type)
    return _child_entity(designation, "sanction", "Sanction", id_parts, properties)


def identification_entity(holder_id: str, designation: Designation, identifier: Identifier):
    """An identity document as its own entity (only for people and organisations)."""
    category = identifier_category(identifier.id_type)
    if category in _NOT_DOCUMENTS:
        return None
    number = (identifier.number or "").strip()
    if not number or len(number) > MAX_IDENTIFIER:
        return None
    properties = _with(
        {"holder": [holder_id], "number": [number]},
        [
            ("type", identifier.id_type),
            ("country", _country(identifier.country)),
            ("startDate", identifier.issued_on),
            ("endDate", identifier.expires_on),
            ("summary", identifier.note),
        ],
    )
    schema = "Passport" if category == "passport" else "Identification"
    id_parts = (identifier.id_type, identifier.number, identifier.country or "")
    return _child_entity(designation, "id", schema, id_parts, properties)


def subject_entities(designations: list[Designation]) -> Iterator[dict]:
    """The subject, then its sanctions and identity documents."""
    subject = subject_entity(designations)
    yield subject
    # A source may repeat a measure or document: each is one entity.
    seen: set[str] = set()
    for designation in designations:
        children = [sanction_entity(subject["id"], designation, m) for m in designation.measures]
        if subject["schema"] in ("Person", "Organization", "Company"):
            children += [
                identification_entity(subject["id"], designation, i)
                for i in designation.identifiers
            ]
        for child in children:
            if child is not None and child["id"] not in seen:
                seen.add(child["id"])
                yield child


def unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
