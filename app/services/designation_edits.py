"""Writing designations from the admin area: create, update, delist, re-list.

One transaction per action: the change, the search index and the audit entry
are committed together or not at all. Nothing here deletes a designation: a
delisted one stays on the public record with its measures ended.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.models import Designation, Program, SourceRef
from app.services import audit, search_index
from app.services.audit import Actor
from app.services.designations import get_designation
from app.services.record_writer import apply_record
from app.services.records import DesignationRecord, LinkRecord


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


def create_designation(session: Session, data: DesignationRecord, actor: Actor) -> Designation:
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
    data: DesignationRecord,
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
    """Undo a delisting: active again, with the measures the delisting ended. Commits.

    ``note`` is why (required, as a delisting's reason is).
    """
    if not note.strip():
        raise EditError("note", "Give the reason for re-listing.")
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
        details={"note": note},
    )
    return designation


def _apply(session: Session, designation: Designation, data: DesignationRecord) -> None:
    """Make the designation say what the editor's record says, replacing its child rows.

    The same write as an import's (``record_writer.apply_record``), except that an
    editor picks existing programs only and a record without measures has none.
    """
    with session.no_autoflush:
        programs = _programs(session, set(data.program_codes) | _measure_programs(data))
        _check_links(session, designation, data.links)
        apply_record(session, designation, data, programs.__getitem__, default_measures=False)
        designation.source_refs = _source_refs(session, designation, data.source_refs)


def _measure_programs(data: DesignationRecord) -> set[str]:
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


def _check_links(session: Session, designation: Designation, links: list[LinkRecord]) -> None:
    for link in links:
        if link.target_id is not None:
            if designation.id is not None and link.target_id == designation.id:
                raise EditError("links", "A designation cannot be linked to itself.")
            if session.get(Designation, link.target_id) is None:
                raise EditError("links", f"There is no designation {link.target_id}.")
