"""Writing designations from the admin area: create, update, delist, re-list.

One transaction per action: the change, the search index and the audit entry
are committed together or not at all. Nothing here deletes a designation: a
delisted one stays on the public record with its measures ended.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.matching import detect_script
from app.models import (
    BirthDate,
    Designation,
    DesignationLink,
    Measure,
    Program,
    SourceRef,
)
from app.services import audit, search_index
from app.services.audit import Actor
from app.services.designation_facts import replace_facts, replace_names
from app.services.designations import get_designation
from app.services.importing.dates import parse_date_range
from app.services.importing.records import AddressRecord, IdentifierRecord


@dataclass
class NameInput:
    full_name: str
    name_type: str = "aka"  # primary | aka | fka | nka
    quality: str = "strong"
    script: str | None = None  # None: detected from the name


@dataclass
class MeasureInput:
    measure_type: str
    jurisdiction: str
    program_code: str | None = None
    start_date: date | None = None
    end_date: date | None = None


@dataclass
class LinkInput:
    target_name: str
    relation: str = "linked to"
    target_id: int | None = None


@dataclass
class DesignationInput:
    """Everything the designation form holds, already validated by the form."""

    kind: str
    primary_name: str
    primary_script: str | None = None
    names: list[NameInput] = field(default_factory=list)  # aliases, not the primary name
    gender: str | None = None
    titles: list[str] = field(default_factory=list)
    remarks: str | None = None
    listed_on: date | None = None
    birth_dates: list[str] = field(default_factory=list)  # as typed: "circa 1960"
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    citizenships: list[str] = field(default_factory=list)
    identifiers: list[IdentifierRecord] = field(default_factory=list)
    addresses: list[AddressRecord] = field(default_factory=list)
    program_codes: list[str] = field(default_factory=list)
    measures: list[MeasureInput] = field(default_factory=list)
    source_refs: list[tuple[str, str]] = field(default_factory=list)
    links: list[LinkInput] = field(default_factory=list)


class EditError(ValueError):
    """A change the data refuses (not the form): names the field it is about."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class EditConflict(Exception):
    """Someone saved the designation since it was loaded; ``current`` is what they saved."""

    def __init__(self, current: Designation) -> None:
        super().__init__(f"designation {current.id} changed since it was loaded")
        self.current = current


class NotFound(LookupError):
    pass


def _now() -> datetime:
    return datetime.now(UTC)


def create_designation(session: Session, data: DesignationInput, actor: Actor) -> Designation:
    """Save a new designation, index its names, record it in the trail. Commits."""
    try:
        designation = Designation(status="active", titles=[])
        session.add(designation)
        _apply(session, designation, data)
        session.flush()
        search_index.index_designations(session, [designation])
        audit.record(
            session,
            actor,
            "create",
            designation_id=designation.id,
            summary=designation.primary_name,
            changes=audit.diff(None, audit.snapshot(designation)),
        )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return designation


def _load_for_change(session: Session, designation_id: int, expected_version: int) -> Designation:
    designation = get_designation(session, designation_id)
    if designation is None:
        raise NotFound(designation_id)
    if designation.version != expected_version:
        raise EditConflict(designation)
    return designation


def _save_change(
    session: Session,
    designation: Designation,
    before: dict,
    action: str,
    actor: Actor,
    summary: str,
    details: dict | None = None,
) -> bool:
    """Flush, reindex, audit and commit; False (and nothing written) when nothing changed."""
    changes = audit.diff(before, audit.snapshot(designation))
    if not changes:
        session.rollback()
        return False
    designation.updated_at = _now()  # child-only changes must bump the version too
    designation_id = designation.id
    try:
        session.flush()
        search_index.index_designations(session, [designation])
        audit.record(
            session,
            actor,
            action,
            designation_id=designation_id,
            summary=summary,
            changes=changes,
            details=details,
        )
        session.commit()
    except StaleDataError:
        session.rollback()
        current = get_designation(session, designation_id)
        raise EditConflict(current) from None
    except (SQLAlchemyError, EditError):
        session.rollback()
        raise
    return True


def update_designation(
    session: Session,
    designation_id: int,
    data: DesignationInput,
    expected_version: int,
    actor: Actor,
) -> Designation:
    """Replace the designation's content with ``data`` unless someone saved it meanwhile.

    Raises EditConflict (nothing written) when its version is no longer
    ``expected_version``. Commits.
    """
    designation = _load_for_change(session, designation_id, expected_version)
    before = audit.snapshot(designation)
    try:
        _apply(session, designation, data)
    except BaseException:
        session.rollback()
        raise
    _save_change(session, designation, before, "update", actor, designation.primary_name)
    return designation


def delist(
    session: Session,
    designation_id: int,
    expected_version: int,
    on: date,
    reason: str,
    reference: str,
    actor: Actor,
) -> Designation:
    """Mark delisted and end its active measures; the record stays public. Commits."""
    designation = _load_for_change(session, designation_id, expected_version)
    if designation.is_delisted:
        session.rollback()
        raise EditError("delisted_on", "This designation is already delisted.")
    if designation.listed_on and on < designation.listed_on:
        session.rollback()
        raise EditError("delisted_on", "The delisting date must be on or after the listing date.")
    before = audit.snapshot(designation)
    designation.mark_delisted(on, reason, reference)
    _save_change(
        session,
        designation,
        before,
        "delist",
        actor,
        f"{designation.primary_name} delisted",
        details={"reference": reference},
    )
    return designation


def relist(
    session: Session, designation_id: int, expected_version: int, note: str, actor: Actor
) -> Designation:
    """Undo a delisting: active again, with the measures the delisting ended. Commits."""
    designation = _load_for_change(session, designation_id, expected_version)
    if not designation.is_delisted:
        session.rollback()
        raise EditError("note", "This designation is not delisted.")
    before = audit.snapshot(designation)
    designation.mark_relisted()
    _save_change(
        session,
        designation,
        before,
        "relist",
        actor,
        f"{designation.primary_name} re-listed",
        details={"note": note} if note else None,
    )
    return designation


def _apply(session: Session, designation: Designation, data: DesignationInput) -> None:
    """Make the designation say what the form says, replacing its child rows."""
    with session.no_autoflush:  # a half-applied designation must never reach the database
        _apply_fields(session, designation, data)


def _apply_fields(session: Session, designation: Designation, data: DesignationInput) -> None:
    designation.kind = data.kind
    designation.primary_name = data.primary_name
    designation.gender = data.gender or None
    designation.titles = list(data.titles)
    designation.remarks = data.remarks or None
    designation.listed_on = data.listed_on

    names = [NameInput(data.primary_name, "primary", "strong", data.primary_script)]
    names += data.names
    replace_names(designation, names)
    designation.birth_dates = []
    for text in data.birth_dates:
        parsed = parse_date_range(text)
        designation.birth_dates.append(
            BirthDate(text=parsed.text, earliest=parsed.earliest, latest=parsed.latest)
        )
    replace_facts(
        designation,
        birth_places=data.birth_places,
        nationalities=data.nationalities,
        citizenships=data.citizenships,
        identifiers=data.identifiers,
        addresses=data.addresses,
    )
    programs = _programs(session, set(data.program_codes) | _measure_programs(data))
    designation.programs = [programs[code] for code in dict.fromkeys(data.program_codes)]
    state = "ended" if designation.is_delisted else "active"
    designation.measures = [
        Measure(
            measure_type=m.measure_type,
            jurisdiction=m.jurisdiction,
            program=programs.get(m.program_code) if m.program_code else None,
            start_date=m.start_date,
            end_date=m.end_date,
            status="ended" if (m.end_date and m.end_date <= date.today()) else state,
        )
        for m in data.measures
    ]
    designation.source_refs = _source_refs(session, designation, data.source_refs)
    designation.links = _links(session, designation, data.links)


def _measure_programs(data: DesignationInput) -> set[str]:
    return {m.program_code for m in data.measures if m.program_code}


def _programs(session: Session, codes: set[str]) -> dict[str, Program]:
    if not codes:
        return {}
    found = {p.code: p for p in session.scalars(select(Program).where(Program.code.in_(codes)))}
    for code in codes - found.keys():
        raise EditError("programs", f"There is no program {code!r}.")
    return found


def _source_refs(
    session: Session, designation: Designation, wanted: list[tuple[str, str]]
) -> list[SourceRef]:
    """Keep the refs already held (with their import fingerprint), add new ones."""
    held = {(s.source, s.ref): s for s in designation.source_refs}
    refs = []
    for source, ref in dict.fromkeys(wanted):
        if (source, ref) in held:
            refs.append(held[(source, ref)])
            continue
        owner = session.scalar(
            select(SourceRef.designation_id).where(SourceRef.source == source, SourceRef.ref == ref)
        )
        if owner is not None and owner != designation.id:
            raise EditError(
                "source_refs", f"{source}/{ref} already belongs to designation {owner}."
            )
        refs.append(SourceRef(source=source, ref=ref))
    return refs


def _links(session: Session, designation: Designation, links: list[LinkInput]) -> list:
    rows = []
    for link in links:
        if link.target_id is not None:
            if designation.id is not None and link.target_id == designation.id:
                raise EditError("links", "A designation cannot be linked to itself.")
            if session.get(Designation, link.target_id) is None:
                raise EditError("links", f"There is no designation {link.target_id}.")
        rows.append(
            DesignationLink(
                target_name=link.target_name, relation=link.relation, target_id=link.target_id
            )
        )
    return rows


def input_snapshot(data: DesignationInput, current: Designation) -> dict:
    """What ``data`` would make of ``current``, in the audit trail's snapshot format.

    Used to show a conflict: the other person's saved version beside this input.
    """
    draft = Designation(
        kind=data.kind,
        primary_name=data.primary_name,
        gender=data.gender,
        titles=list(data.titles),
        remarks=data.remarks,
        listed_on=data.listed_on,
        status=current.status,
        delisted_on=current.delisted_on,
        delisting_reason=current.delisting_reason,
        delisting_reference=current.delisting_reference,
    )
    snap = audit.snapshot(draft)
    names = [NameInput(data.primary_name, "primary", "strong", data.primary_script)]
    snap["names"] = [
        audit.name_text(n.full_name, n.name_type, n.quality, n.script or detect_script(n.full_name))
        for n in [*names, *data.names]
    ]
    snap["birth_dates"] = [parse_date_range(text).text for text in data.birth_dates]
    snap["birth_places"] = list(data.birth_places)
    snap["nationalities"] = list(data.nationalities)
    snap["citizenships"] = list(data.citizenships)
    snap["identifiers"] = audit.snapshot_identifiers(data.identifiers)
    snap["addresses"] = [
        audit.join_parts(a.address, a.city, a.country, a.note) for a in data.addresses
    ]
    snap["programs"] = list(dict.fromkeys(data.program_codes))
    state = "ended" if current.is_delisted else "active"
    snap["measures"] = [
        audit.measure_text(
            m.measure_type,
            m.jurisdiction,
            m.program_code,
            m.start_date,
            m.end_date,
            "ended" if (m.end_date and m.end_date <= date.today()) else state,
        )
        for m in data.measures
    ]
    snap["source_refs"] = [f"{source}/{ref}" for source, ref in dict.fromkeys(data.source_refs)]
    snap["links"] = [f"{link.relation}: {link.target_name}" for link in data.links]
    return snap
