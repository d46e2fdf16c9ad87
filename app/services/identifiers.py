"""Search by identification number: passport, national id, tax id, IMO and the rest.

Every stored identifier carries ``number_key`` (``matching.identifier_key`` of its
number), indexed; a lookup reduces the asked number the same way, so spaces, dashes
and case do not matter. The issuing country, when given, rules out identifiers
issued by another country (those whose country is unknown stay).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.matching import normalise_country
from app.matching.identifiers import identifier_category, identifier_key
from app.models import Designation, Identifier, Measure, SourceRef
from app.services.designations import listing_conditions
from app.services.subjects import subject_groups

# Screening's column headers for an identification number (folded: case, spaces, dashes).
ID_NUMBER_HEADERS = (
    "id_number", "identification_number", "passport", "passport_number", "national_id",
    "tax_id", "imo", "imo_number", "registration_number", "document_number",
)  # fmt: skip
# An identifier key shorter than this would find too much ("1", "A").
MIN_KEY_LENGTH = 3
# At most this many identifiers are read for one number (a shared number is rare).
MAX_IDENTIFIER_ROWS = 200


@event.listens_for(Identifier, "before_insert")
@event.listens_for(Identifier, "before_update")
def _keep_number_key(_mapper, _connection, identifier: Identifier) -> None:  # noqa: ANN001
    """Every identifier written through the ORM carries the key of its number.

    designation_facts.replace_facts sets it for imports and editors' saves; this keeps
    any other write (a script changing ``number``) from leaving the key stale.
    """
    identifier.number_key = identifier_key(identifier.number)


class IdentifierQueryError(ValueError):
    """The number cannot be looked up (too short once spaces and dashes are removed)."""


@dataclass(frozen=True)
class IdentifierHit:
    """One designation holding the number asked for, with the identifier as listed."""

    designation_id: int
    primary_name: str
    id_type: str
    number: str
    country: str | None
    category: str  # passport | tax | imo | registration | ... | id
    # Every designation of the same subject on other lists, this one first.
    subject_ids: tuple[int, ...] = ()

    def to_dict(self) -> dict:
        return {
            "id_type": self.id_type,
            "number": self.number,
            "country": self.country,
            "category": self.category,
        }


def lookup_key(number: str) -> str:
    """The key of an asked number; raises IdentifierQueryError when it is too short."""
    key = identifier_key(number)
    if len(key) < MIN_KEY_LENGTH:
        raise IdentifierQueryError(
            f"an identification number needs at least {MIN_KEY_LENGTH} letters or digits"
        )
    return key


def find_by_identifier(
    session: Session,
    number: str,
    country: str | None = None,
    *,
    status: str | None = "active",
    kind: str | None = None,
    program: str | None = None,
    jurisdiction: str | None = None,
    source: str | None = None,
    categories: Collection[str] | None = None,
    group_subjects: bool = True,
) -> list[IdentifierHit]:
    """Designations holding ``number`` (normalised), one per subject when grouping.

    ``country`` (a name or code) is the issuing country; ``categories`` keeps only
    some kinds of number (e.g. {"passport"}), ``None`` keeps all. Ordered by name.
    """
    key = lookup_key(number)
    statement = (
        select(
            Identifier.designation_id,
            Designation.primary_name,
            Identifier.id_type,
            Identifier.number,
            Identifier.country,
        )
        .join(Designation, Designation.id == Identifier.designation_id)
        .where(Identifier.number_key == key, *listing_conditions(status, kind, program))
        .order_by(Designation.primary_name, Identifier.id)
        .limit(MAX_IDENTIFIER_ROWS)
    )
    if jurisdiction:
        measures = select(Measure.designation_id).where(Measure.jurisdiction == jurisdiction)
        if status != "delisted":
            measures = measures.where(Measure.status == "active")
        statement = statement.where(Designation.id.in_(measures))
    if source:
        listed = select(SourceRef.designation_id).where(SourceRef.source == source)
        statement = statement.where(Designation.id.in_(listed))
    wanted_country = normalise_country(country) if country else None
    hits: list[IdentifierHit] = []
    seen: set[int] = set()
    for designation_id, name, id_type, listed_number, listed_country in session.execute(statement):
        if designation_id in seen:
            continue
        if wanted_country and listed_country:
            if normalise_country(listed_country) not in (None, wanted_country):
                continue
        category = identifier_category(id_type)
        if categories is not None and category not in categories:
            continue
        seen.add(designation_id)
        hits.append(
            IdentifierHit(designation_id, name, id_type, listed_number, listed_country, category)
        )
    if not group_subjects or not hits:
        return hits
    return _one_per_subject(session, hits)


def _one_per_subject(session: Session, hits: list[IdentifierHit]) -> list[IdentifierHit]:
    groups = subject_groups(session, [hit.designation_id for hit in hits])
    kept: dict[tuple[int, ...], IdentifierHit] = {}
    for hit in hits:
        members = tuple(groups[hit.designation_id])
        if members not in kept:
            others = tuple(m for m in members if m != hit.designation_id)
            kept[members] = IdentifierHit(
                hit.designation_id,
                hit.primary_name,
                hit.id_type,
                hit.number,
                hit.country,
                hit.category,
                (hit.designation_id, *others),
            )
    return list(kept.values())


@dataclass(frozen=True)
class _NumberMatch:
    """What screening reads of a hit's match, for a subject found by its number."""

    matched_name: str
    matched_name_quality: str = "identifier"


@dataclass(frozen=True)
class IdentifierScreeningHit:
    """A screening hit for a holder of the row's number: scored 1, listed first."""

    designation_id: int
    match: _NumberMatch
    score: float = 1.0
    subject_ids: tuple[int, ...] = ()


def with_identifier_hits(
    session: Session, number: str | None, country: str | None, name_hits: list
) -> list:
    """Screening's hits for a row: holders of its number first, then the name's other hits.

    A bad number (too short) adds nothing: the name's hits stand alone.
    """
    if not number:
        return name_hits
    try:
        found = find_by_identifier(session, number, country)
    except IdentifierQueryError:
        return name_hits
    holders = {m for hit in found for m in (hit.subject_ids or (hit.designation_id,))}
    first = [
        IdentifierScreeningHit(
            hit.designation_id,
            _NumberMatch(f"identification number {hit.id_type} {hit.number}"),
            subject_ids=hit.subject_ids,
        )
        for hit in found
    ]
    return first + [hit for hit in name_hits if hit.designation_id not in holders]
