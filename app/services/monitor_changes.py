"""What an import changed, loaded once for every monitored list.

The import's entry in the audit trail and its child entries name exactly the
designations it created, updated, delisted and re-listed, with their field changes;
``load_designations`` reads those designations' names, their keys as the search
index stores them, and their subjects' facts, in a few queries. Flask-free.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.matching import ListedName, SubjectFacts
from app.models import AuditEntry, BirthDate, Designation, DesignationName, NameKey, Nationality
from app.services.monitor_index import ChangedDesignation
from app.services.subjects import subject_groups

# Child entries of an import, and what each says happened to its designation.
CREATED, UPDATED, DELISTED, RELISTED = "import-create", "import-update", "delist", "relist"
IMPORT_ACTIONS = (CREATED, UPDATED, DELISTED, RELISTED)
# Fields whose change is a change of the listing a client must hear about.
LISTING_FIELDS = ("measures", "programs", "names", "primary_name", "status", "source_refs")
# Designations loaded per query.
CHUNK = 500


@dataclass(frozen=True)
class DesignationChange:
    designation_id: int
    action: str
    changes: dict


@dataclass
class ImportFacts:
    """An import's changes, loaded once for every monitored list."""

    import_id: int | None
    source: str
    file_name: str
    data_date: str | None
    changes: list[DesignationChange]
    designations: dict[int, ChangedDesignation] = field(default_factory=dict)
    groups: dict[int, list[int]] = field(default_factory=dict)
    versions: list[dict] = field(default_factory=list)


def chunks(items: list, size: int = CHUNK):  # noqa: ANN202
    for start in range(0, len(items), size):
        yield items[start : start + size]


def import_changes(session: Session, import_id: int) -> list[DesignationChange]:
    """What the import ``import_id`` created, changed, delisted and re-listed."""
    entries = session.execute(
        select(AuditEntry.designation_id, AuditEntry.action, AuditEntry.changes)
        .where(AuditEntry.parent_id == import_id, AuditEntry.action.in_(IMPORT_ACTIONS))
        .order_by(AuditEntry.id)
    )
    found: dict[int, DesignationChange] = {}
    for designation_id, action, changes in entries:
        if designation_id is None:
            continue
        earlier = found.get(designation_id)
        merged = {**(earlier.changes if earlier else {}), **(changes or {})}
        kept = action if earlier is None or action in (DELISTED, RELISTED) else earlier.action
        found[designation_id] = DesignationChange(designation_id, kept, merged)
    return list(found.values())


def load_designations(
    session: Session, ids: list[int]
) -> tuple[dict[int, ChangedDesignation], dict[int, list[int]]]:
    """The designations' names, stored keys and subject facts; each one's subject group."""
    groups: dict[int, list[int]] = {}
    for chunk in chunks(ids):
        groups.update(subject_groups(session, chunk))
    fact_ids = sorted({m for members in groups.values() for m in members})
    births: dict[int, list] = defaultdict(list)
    countries: dict[int, list[str]] = defaultdict(list)
    kinds: dict[int, str] = {}
    names: dict[int, list[ListedName]] = defaultdict(list)
    keys: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for chunk in chunks(fact_ids):
        for d_id, earliest, latest in session.execute(
            select(BirthDate.designation_id, BirthDate.earliest, BirthDate.latest).where(
                BirthDate.designation_id.in_(chunk)
            )
        ):
            births[d_id].append((earliest, latest))
        for d_id, country in session.execute(
            select(Nationality.designation_id, Nationality.country).where(
                Nationality.designation_id.in_(chunk)
            )
        ):
            countries[d_id].append(country)
    for chunk in chunks(ids):
        for d_id, kind in session.execute(
            select(Designation.id, Designation.kind).where(Designation.id.in_(chunk))
        ):
            kinds[d_id] = kind
        for name_id, d_id, text, name_type, quality in session.execute(
            select(
                DesignationName.id,
                DesignationName.designation_id,
                DesignationName.full_name,
                DesignationName.name_type,
                DesignationName.quality,
            )
            .where(DesignationName.designation_id.in_(chunk))
            .order_by(DesignationName.designation_id, DesignationName.position)
        ):
            names[d_id].append(ListedName(name_id, text, name_type, quality))
        for d_id, name_id, key in session.execute(
            select(NameKey.designation_id, NameKey.name_id, NameKey.key).where(
                NameKey.designation_id.in_(chunk)
            )
        ):
            keys[d_id][name_id].add(key)
    loaded = {}
    for d_id in ids:
        if d_id not in kinds:
            continue  # gone since (a later edit): nothing to look for
        members = groups.get(d_id, [d_id])
        facts = SubjectFacts(
            kind=kinds[d_id],
            birth_ranges=[b for m in members for b in births[m]],
            countries=[c for m in members for c in countries[m]],
        )
        listed = names[d_id]
        loaded[d_id] = ChangedDesignation(
            d_id, listed, facts, [frozenset(keys[d_id][n.name_id]) for n in listed]
        )
    return loaded, groups


def what_changed(change: DesignationChange, source: str) -> tuple[list[str], dict]:
    """What this import did to the designation: words, and gained/lost measures."""
    where = f" ({source})" if source else ""
    changes = change.changes or {}
    before_measures, after_measures = (changes.get("measures") or [None, None])[:2]
    gained = [m for m in (after_measures or []) if m not in (before_measures or [])]
    lost = [m for m in (before_measures or []) if m not in (after_measures or [])]
    words: list[str] = []
    if change.action == CREATED:
        words.append(f"new listing{where}")
    elif change.action == DELISTED:
        words.append(f"delisted{where}")
    elif change.action == RELISTED:
        words.append(f"re-listed{where}")
    words += [f"gained measure{where}: {m}" for m in gained]
    words += [f"lost measure{where}: {m}" for m in lost]
    for key in ("names", "programs"):
        before, after = (changes.get(key) or [None, None])[:2]
        words += [f"new {key[:-1]}{where}: {v}" for v in (after or []) if v not in (before or [])]
        words += [
            f"{key[:-1]} removed{where}: {v}" for v in (before or []) if v not in (after or [])
        ]
    structured = {
        "action": change.action,
        "measures_gained": gained,
        "measures_lost": lost,
        "fields": sorted(changes),
    }
    return words, structured


def listing_changed(change: DesignationChange) -> bool:
    return change.action in (CREATED, DELISTED, RELISTED) or any(
        key in (change.changes or {}) for key in LISTING_FIELDS
    )
