"""Reading designations for pages and the API (writes arrive with the admin area)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from app.models import Designation, Measure, Program
from app.models.designation import designation_programs

_NAME_KEY = func.lower(Designation.primary_name)
BROWSE_SORTS = {
    # Case-insensitive (lower() on SQLite and PostgreSQL alike; indexed), ties by spelling.
    "name": (_NAME_KEY.asc(), Designation.primary_name.asc(), Designation.id.asc()),
    "-name": (_NAME_KEY.desc(), Designation.primary_name.desc(), Designation.id.desc()),
    "newest": (Designation.id.desc(),),
    "oldest": (Designation.id.asc(),),
}


@dataclass
class Page:
    items: list[Designation]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def full_designation_options() -> tuple:
    """Eager-load everything a detail page or JSON record shows, in a few queries."""
    return (
        selectinload(Designation.names),
        selectinload(Designation.birth_dates),
        selectinload(Designation.birth_places),
        selectinload(Designation.nationalities),
        selectinload(Designation.identifiers),
        selectinload(Designation.addresses),
        selectinload(Designation.links),
        selectinload(Designation.measures),
        selectinload(Designation.source_refs),
        selectinload(Designation.programs),
    )


def search_result_options() -> tuple:
    """Eager-load only what a search result shows."""
    return (
        selectinload(Designation.birth_dates),
        selectinload(Designation.nationalities),
        selectinload(Designation.measures),
        selectinload(Designation.source_refs),
        selectinload(Designation.programs),
    )


def get_designation(session: Session, designation_id: int) -> Designation | None:
    return session.scalar(
        select(Designation)
        .where(Designation.id == designation_id)
        .options(*full_designation_options())
    )


def listing_conditions(
    status: str | None = None, kind: str | None = None, program: str | None = None
) -> list:
    """WHERE conditions on designations shared by browse, exports and search.

    ``status`` "active" or "delisted" restricts; None or "all" does not.
    """
    conditions = []
    if status in ("active", "delisted"):
        conditions.append(Designation.status == status)
    if kind:
        conditions.append(Designation.kind == kind)
    if program:
        conditions.append(
            Designation.id.in_(
                select(designation_programs.c.designation_id)
                .join(Program, Program.id == designation_programs.c.program_id)
                .where(Program.code == program)
            )
        )
    return conditions


def browse(
    session: Session,
    page: int,
    per_page: int,
    sort: str = "name",
    program: str | None = None,
    kind: str | None = None,
    status: str | None = "active",
) -> Page:
    query: Select = select(Designation).where(*listing_conditions(status, kind, program))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = min(max(page, 1), max(1, -(-total // per_page)))
    items = session.scalars(
        query.order_by(*BROWSE_SORTS.get(sort, BROWSE_SORTS["name"]))
        .limit(per_page)
        .offset((page - 1) * per_page)
        .options(
            selectinload(Designation.programs),
            selectinload(Designation.measures),
            selectinload(Designation.birth_dates),
            selectinload(Designation.nationalities),
        )
    ).all()
    return Page(items=list(items), total=total, page=page, per_page=per_page)


@dataclass
class Overview:
    total: int
    active: int
    individuals: int
    by_program: list[tuple[Program, int]]
    by_measure: list[tuple[str, str, int]]  # (jurisdiction, measure_type, designations)


def overview(session: Session) -> Overview:
    """Counts for the home page."""
    total = session.scalar(select(func.count(Designation.id))) or 0
    active = (
        session.scalar(select(func.count(Designation.id)).where(Designation.status == "active"))
        or 0
    )
    individuals = (
        session.scalar(select(func.count(Designation.id)).where(Designation.kind == "individual"))
        or 0
    )
    by_program = [
        (program, count)
        for program, count in session.execute(
            select(Program, func.count(designation_programs.c.designation_id))
            .join(designation_programs, designation_programs.c.program_id == Program.id)
            .group_by(Program.id)
            .order_by(func.count(designation_programs.c.designation_id).desc(), Program.code)
        )
    ]
    by_measure = [
        (jurisdiction, measure_type, count)
        for jurisdiction, measure_type, count in session.execute(
            select(
                Measure.jurisdiction,
                Measure.measure_type,
                func.count(func.distinct(Measure.designation_id)),
            )
            .where(Measure.status == "active")
            .group_by(Measure.jurisdiction, Measure.measure_type)
            .order_by(Measure.jurisdiction, Measure.measure_type)
        )
    ]
    return Overview(total, active, individuals, by_program, by_measure)


def programs(session: Session) -> list[Program]:
    return list(session.scalars(select(Program).order_by(Program.jurisdiction, Program.code)))


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def measure_dict(m: Measure) -> dict:
    return {
        "type": m.measure_type,
        "label": m.label,
        "jurisdiction": m.jurisdiction,
        "program": m.program.code if m.program else None,
        "start_date": _iso(m.start_date),
        "end_date": _iso(m.end_date),
        "status": m.status,
    }


def designation_dict(d: Designation, url: str) -> dict:
    """The full record as JSON-ready data (API and .json downloads)."""
    iso = _iso

    return {
        "id": d.id,
        "url": url,
        "kind": d.kind,
        "name": d.primary_name,
        "status": d.status,
        "listed_on": iso(d.listed_on),
        "delisted_on": iso(d.delisted_on),
        "delisting_reason": d.delisting_reason,
        "delisting_reference": d.delisting_reference,
        "gender": d.gender,
        "titles": list(d.titles or []),
        "names": [
            {
                "name": n.full_name,
                "type": n.name_type,
                "quality": n.quality,
                "script": n.script,
            }
            for n in d.names
        ],
        "birth_dates": [
            {"text": b.text, "earliest": iso(b.earliest), "latest": iso(b.latest)}
            for b in d.birth_dates
        ],
        "birth_places": [p.place for p in d.birth_places],
        "nationalities": [n.country for n in d.nationalities if n.kind == "nationality"],
        "citizenships": [n.country for n in d.nationalities if n.kind == "citizenship"],
        "identifiers": [
            {
                "type": i.id_type,
                "number": i.number,
                "country": i.country,
                "issued_on": iso(i.issued_on),
                "expires_on": iso(i.expires_on),
                "note": i.note,
            }
            for i in d.identifiers
        ],
        "addresses": [
            {"address": a.address, "city": a.city, "country": a.country, "note": a.note}
            for a in d.addresses
        ],
        "links": [
            {"relation": link.relation, "name": link.target_name, "id": link.target_id}
            for link in d.links
        ],
        "programs": [
            {
                "code": p.code,
                "name": p.name,
                "jurisdiction": p.jurisdiction,
                "legal_basis": p.legal_basis,
                "reference_url": p.reference_url,
            }
            for p in d.programs
        ],
        "measures": [measure_dict(m) for m in d.measures],
        "source_refs": [{"source": s.source, "ref": s.ref} for s in d.source_refs],
        "remarks": d.remarks,
        "created_at": iso(d.created_at),
        "updated_at": iso(d.updated_at),
        "version": d.version,
    }


def linked_designations(session: Session, designation: Designation) -> list[Designation]:
    """The designations of other lists linked to this one as the same subject."""
    from app.services.subjects import subject_groups

    others = [
        i for i in subject_groups(session, [designation.id])[designation.id] if i != designation.id
    ]
    if not others:
        return []
    return list(
        session.scalars(
            select(Designation)
            .where(Designation.id.in_(others))
            .options(*search_result_options())
            .order_by(Designation.id)
        )
    )


def measure_kinds(session: Session) -> list[tuple[str, str]]:
    """Every (jurisdiction, measure type) in force on some designation, for filters."""
    return list(
        session.execute(
            select(Measure.jurisdiction, Measure.measure_type)
            .where(Measure.status == "active")
            .distinct()
            .order_by(Measure.jurisdiction, Measure.measure_type)
        ).all()
    )
