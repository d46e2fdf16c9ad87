"""What the reconciliation services beyond matching read: suggest, preview, data extension.

Entities are our designations (the ids /reconcile's candidates carry); their values
come from the subject's FtM entity (``subject_entity``), so a column fetched through
OpenRefine's "add columns from reconciled values" says what /export.ftm.json says.
Flask-free: the caller passes limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from app.models import Designation, DesignationName, Measure, Program, SourceRef
from app.services.designations import full_designation_options
from app.services.ftm_entities import SCHEMA_KINDS, subject_entity
from app.services.ftm_match import Dataset
from app.services.subjects import subject_groups

# The types a query, a suggestion or a proposal may name: (FtM schema, label).
TYPES = (
    ("Person", "Person"),
    ("Organization", "Organization"),
    ("Company", "Company"),
    ("Vessel", "Vessel"),
    ("Airplane", "Airplane"),
    ("LegalEntity", "Legal entity (any kind)"),
)


@dataclass(frozen=True)
class Prop:
    """A property the services offer: its FtM name, label, and the schemas that have it."""

    id: str
    name: str
    description: str
    schemas: frozenset[str] | None = None  # None: every schema

    def fits(self, schema: str) -> bool:
        return self.schemas is None or schema == "LegalEntity" or schema in self.schemas


_PERSON = frozenset({"Person"})
_BODIES = frozenset({"Person", "Organization", "Company"})
# FtM property names where FtM has one; our own words for what FtM has none for.
PROPERTIES = (
    Prop("name", "Name", "The primary name (FtM name)"),
    Prop("alias", "Other names", "Aliases the lists give (FtM alias)"),
    Prop("weakAlias", "Weak aliases", "Low-quality aliases (FtM weakAlias)"),
    Prop("previousName", "Previous names", "Formerly known as (FtM previousName)"),
    Prop("birthDate", "Birth date", "Dates of birth (a year when only a year is known)", _PERSON),
    Prop("birthPlace", "Birth place", "Places of birth", _PERSON),
    Prop("nationality", "Nationality", "ISO country codes of nationality", _PERSON),
    Prop("citizenship", "Citizenship", "ISO country codes of citizenship", _PERSON),
    Prop("gender", "Gender", "male or female, when a list says", _PERSON),
    Prop("position", "Position", "Titles and positions held", _PERSON),
    Prop("country", "Country", "ISO country codes the entity is tied to", _BODIES - _PERSON),
    Prop("idNumber", "Identification numbers", "National ids and other numbers", _BODIES),
    Prop("passportNumber", "Passport numbers", "Passport numbers", _PERSON),
    Prop("taxNumber", "Tax numbers", "Tax identification numbers", _BODIES),
    Prop("registrationNumber", "Registration numbers", "Company or craft registration"),
    Prop("imoNumber", "IMO number", "The vessel's IMO number", frozenset({"Vessel"})),
    Prop("flag", "Flag", "The vessel's flag (ISO country code)", frozenset({"Vessel"})),
    Prop("callSign", "Call sign", "The vessel's call sign", frozenset({"Vessel"})),
    Prop("mmsi", "MMSI", "The vessel's MMSI", frozenset({"Vessel"})),
    Prop("address", "Addresses", "Addresses the lists give"),
    Prop("programId", "Program codes", "Codes of the sanctions programs (GLOMAG, ...)"),
    Prop("program", "Programs", "Names of the sanctions programs"),
    Prop("measures", "Measures in force", "Jurisdiction and measure, e.g. US asset freeze"),
    Prop("datasets", "Lists", "The lists that carry it (ofac-sdn, un-consolidated, ...)"),
    Prop("status", "Status", "active, or delisted on every list"),
    Prop("listingDate", "Listing date", "The earliest listing date a list gives"),
    Prop("sourceUrl", "Source URL", "The programs' official pages"),
    Prop("notes", "Notes", "The lists' remarks"),
    Prop("entityId", "FtM id", "The id of the entity in /export.ftm.json and /match"),
)
PROPERTY_IDS = {p.id: p for p in PROPERTIES}


def properties_for(schema: str) -> list[Prop]:
    """The properties worth fetching for entities of ``schema``."""
    return [p for p in PROPERTIES if p.fits(schema)]


def _words_match(prefix: str, *texts: str) -> bool:
    wanted = prefix.casefold()
    return any(wanted in text.casefold() for text in texts)


def suggest_types(prefix: str) -> list[dict]:
    return [
        {"id": type_id, "name": name}
        for type_id, name in TYPES
        if _words_match(prefix, type_id, name)
    ]


def suggest_properties(prefix: str, schema: str | None) -> list[dict]:
    return [
        {"id": p.id, "name": p.name, "description": p.description}
        for p in (properties_for(schema) if schema else PROPERTIES)
        if _words_match(prefix, p.id, p.name)
    ]


def _in_dataset(dataset: Dataset):  # noqa: ANN202  (a SQL condition or None)
    if dataset.source:
        return Designation.source_refs.any(SourceRef.source == dataset.source)
    if dataset.program:
        return Designation.programs.any(Program.code == dataset.program)
    if dataset.jurisdiction:
        return Designation.measures.any(Measure.jurisdiction == dataset.jurisdiction)
    return None


def _like_prefix(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%"


def suggest_entities(
    session: Session, prefix: str, schema: str | None, dataset: Dataset, offset: int, limit: int
) -> list[int]:
    """Ids of active designations with a name (or a word of one) starting with ``prefix``,
    by name; one per subject, ``offset`` skipped."""
    wanted = prefix.strip().lower()
    name = func.lower(DesignationName.full_name)
    starts = name.like(_like_prefix(wanted), escape="\\")
    # A name that starts with the prefix first, then one with a later word that does.
    rank = func.min(case((starts, 0), else_=1))
    query = (
        select(DesignationName.designation_id)
        .join(Designation, Designation.id == DesignationName.designation_id)
        .where(
            Designation.status == "active",
            or_(starts, name.like("% " + _like_prefix(wanted), escape="\\")),
        )
        .group_by(DesignationName.designation_id)
        .order_by(rank, func.min(Designation.primary_name), DesignationName.designation_id)
    )
    kind = SCHEMA_KINDS.get(schema or "")
    if kind:
        query = query.where(Designation.kind == kind)
    condition = _in_dataset(dataset)
    if condition is not None:
        query = query.where(condition)
    # Linked designations of one subject share names: one each, so the page (``offset``
    # counts subjects) is cut after grouping.
    ids = list(session.scalars(query.limit(offset + limit * 3)))
    groups = subject_groups(session, ids)
    seen: set[int] = set()
    kept: list[int] = []
    for designation_id in ids:
        if designation_id in seen:
            continue
        seen.update(groups.get(designation_id, [designation_id]))
        kept.append(designation_id)
    return kept[offset : offset + limit]


def load_designations(session: Session, ids: list[int]) -> dict[int, Designation]:
    rows = session.scalars(
        select(Designation).where(Designation.id.in_(ids)).options(*full_designation_options())
    )
    return {d.id: d for d in rows}


@dataclass
class Record:
    """One designation as the services show it: its subject's entity and facts."""

    designation: Designation
    members: list[Designation]
    entity: dict

    @property
    def schema(self) -> str:
        return self.entity["schema"]

    def measures_in_force(self) -> list[str]:
        labels = []
        for member in self.members:
            if member.status != "active":
                continue
            for measure in member.measures:
                if measure.status == "active":
                    code = f" ({measure.program.code})" if measure.program else ""
                    labels.append(f"{measure.jurisdiction} {measure.label.lower()}{code}")
        return list(dict.fromkeys(labels))

    def values(self, prop: str) -> list[str]:
        """The values of one property (an id of PROPERTIES), in FtM's text form."""
        if prop == "measures":
            return self.measures_in_force()
        if prop == "datasets":
            return list(self.entity["datasets"])
        if prop == "entityId":
            return [self.entity["id"]]
        if prop == "program":
            names = [p.name for m in self.members for p in m.programs if p.name]
            return list(dict.fromkeys(names))
        if prop == "status":
            return ["active" if any(m.status == "active" for m in self.members) else "delisted"]
        if prop == "listingDate":
            days = [m.listed_on for m in self.members if m.listed_on]
            return [min(days).isoformat()] if days else []
        if prop == "name":
            return [self.designation.primary_name]
        return list(self.entity["properties"].get(prop, []))


def records(session: Session, ids: list[int]) -> dict[int, Record]:
    """The record of each designation id that exists (a missing id is left out)."""
    groups = subject_groups(session, ids)
    designations = load_designations(session, [i for g in groups.values() for i in g] + ids)
    found: dict[int, Record] = {}
    for designation_id in ids:
        if designation_id not in designations:
            continue
        group = sorted(groups.get(designation_id) or [designation_id])
        members = [designations[i] for i in group if i in designations]
        found[designation_id] = Record(
            designations[designation_id], members, subject_entity(members)
        )
    return found


def cell(prop: str, value: str) -> dict:
    """One value as the data extension protocol writes it: a full date as a date."""
    if prop in ("birthDate", "listingDate") and len(value) == 10:
        try:
            return {"date": f"{date.fromisoformat(value).isoformat()}T00:00:00+00:00"}
        except ValueError:
            pass
    return {"str": value}


def description(record: Record) -> str:
    """A line that tells namesakes apart: kind, birth, nationality, lists."""
    parts = [record.schema]
    born = record.values("birthDate")
    if born:
        parts.append("born " + ", ".join(born[:2]))
    countries = record.values("nationality") or record.values("country")
    if countries:
        parts.append(", ".join(c.upper() for c in countries[:3]))
    parts.append(", ".join(record.entity["datasets"]))
    return " · ".join(p for p in parts if p)
