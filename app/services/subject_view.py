"""A subject as pages and the API show it: every list's names, facts and measures.

A subject is the set of designations of different lists linked as one person or
entity (``services.subjects``). Its view keeps each value with the lists that give it:
equal values from two lists become one value with two sources; differing values stay
side by side, never merged into one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.matching import normalise_country
from app.models import Designation, Measure, SubjectMember
from app.services.designations import designation_dict, full_designation_options, measure_dict
from app.services.lists import list_info
from app.services.subjects import subject_groups

FACT_KEYS = (
    "birth_dates",
    "birth_places",
    "nationalities",
    "citizenships",
    "identifiers",
    "addresses",
    "positions",
    "gender",
)
FACT_LABELS = {
    "birth_dates": "Date of birth",
    "birth_places": "Place of birth",
    "nationalities": "Nationality",
    "citizenships": "Citizenship",
    "identifiers": "Identifiers",
    "addresses": "Addresses",
    "positions": "Titles and positions",
    "gender": "Gender",
}


def sources_of(designation: Designation) -> list[str]:
    """The list codes of a designation (one, unless a list was imported twice)."""
    return list(dict.fromkeys(s.source for s in designation.source_refs))


def subject_members(session: Session, designation: Designation) -> list[Designation]:
    """The designation, then the others of its subject by id, fully loaded."""
    ids = subject_groups(session, [designation.id])[designation.id]
    others = [i for i in ids if i != designation.id]
    if not others:
        return [designation]
    rows = session.scalars(
        select(Designation)
        .where(Designation.id.in_(others))
        .options(*full_designation_options())
        .order_by(Designation.id)
    )
    return [designation, *rows]


def subject_ids(session: Session, designation_ids: Iterable[int]) -> dict[int, int]:
    """designation id -> subject id (the smallest id of its subject; its own if unlinked)."""
    ids = list(designation_ids)
    found = dict(
        session.execute(
            select(SubjectMember.designation_id, SubjectMember.subject_id).where(
                SubjectMember.designation_id.in_(ids)
            )
        ).all()
    )
    return {i: found.get(i, i) for i in ids}


class _Grouped:
    """Values in first-seen order, each with the lists that give it."""

    def __init__(self) -> None:
        self.values: dict[Any, dict] = {}

    def add(self, key: Any, value: dict, sources: list[str]) -> dict:
        entry = self.values.get(key)
        if entry is None:
            entry = self.values[key] = {**value, "sources": []}
        for source in sources:
            if source not in entry["sources"]:
                entry["sources"].append(source)
        return entry

    def as_list(self) -> list[dict]:
        return list(self.values.values())


def _fold(text: str | None) -> str:
    return " ".join((text or "").casefold().replace(",", " ").split())


def subject_names(members: list[Designation]) -> list[dict]:
    grouped = _Grouped()
    for d in members:
        for n in d.names:
            entry = grouped.add(
                _fold(n.full_name),
                {
                    "name": n.full_name,
                    "type": n.name_type,
                    "quality": n.quality,
                    "script": n.script,
                },
                sources_of(d),
            )
            if n.quality == "strong":
                entry["quality"] = "strong"
    return grouped.as_list()


def subject_facts(members: list[Designation]) -> dict[str, list[dict]]:
    facts = {key: _Grouped() for key in FACT_KEYS}
    for d in members:
        src = sources_of(d)
        for b in d.birth_dates:
            key = (b.earliest, b.latest) if b.earliest else _fold(b.text)
            facts["birth_dates"].add(
                key,
                {"value": b.text, "earliest": _iso(b.earliest), "latest": _iso(b.latest)},
                src,
            )
        for p in d.birth_places:
            facts["birth_places"].add(_fold(p.place), {"value": p.place}, src)
        for n in d.nationalities:
            bucket = "nationalities" if n.kind == "nationality" else "citizenships"
            key = normalise_country(n.country) or _fold(n.country)
            facts[bucket].add(key, {"value": n.country}, src)
        for i in d.identifiers:
            key = (_fold(i.id_type), "".join(ch for ch in i.number.casefold() if ch.isalnum()))
            facts["identifiers"].add(
                key,
                {
                    "value": f"{i.id_type} {i.number}",
                    "type": i.id_type,
                    "number": i.number,
                    "country": i.country,
                    "issued_on": _iso(i.issued_on),
                    "expires_on": _iso(i.expires_on),
                    "note": i.note,
                },
                src,
            )
        for a in d.addresses:
            text = ", ".join(p for p in (a.address, a.city, a.country) if p)
            if text:
                facts["addresses"].add(_fold(text), {"value": text, "note": a.note}, src)
        for title in d.titles or []:
            facts["positions"].add(_fold(title), {"value": title}, src)
        if d.gender:
            facts["gender"].add(_fold(d.gender), {"value": d.gender}, src)
    return {key: grouped.as_list() for key, grouped in facts.items()}


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def measure_badges(measures: Iterable[Measure]) -> list[dict]:
    """One badge per (jurisdiction, measure), naming every program behind it."""
    badges: dict[tuple[str, str], dict] = {}
    for m in measures:
        badge = badges.setdefault(
            (m.jurisdiction, m.measure_type),
            {
                "jurisdiction": m.jurisdiction,
                "measure": m.measure_type,
                "label": m.label,
                "active": False,
                "programs": [],
                "program_names": [],
            },
        )
        badge["active"] = badge["active"] or m.status == "active"
        if m.program and m.program.code not in badge["programs"]:
            badge["programs"].append(m.program.code)
            badge["program_names"].append(m.program.name)
    return list(badges.values())


def sanctions_grid(designations: list[Designation]) -> list[dict]:
    """Per jurisdiction and measure: whether it applies, since when, under which programs.

    ``programs`` are the codes (as before); ``program_details`` add each program's
    name, legal basis and link, and ``sources`` the lists that impose the measure.
    """
    grid: dict[tuple[str, str], dict] = {}
    for designation in designations:
        for measure in designation.measures:
            cell = grid.setdefault(
                (measure.jurisdiction, measure.measure_type),
                {
                    "jurisdiction": measure.jurisdiction,
                    "measure": measure.measure_type,
                    "label": measure.label,
                    "active": False,
                    "since": None,
                    "programs": [],
                    "program_details": [],
                    "sources": [],
                },
            )
            cell["active"] = cell["active"] or measure.status == "active"
            if measure.start_date and (
                cell["since"] is None or measure.start_date.isoformat() < cell["since"]
            ):
                cell["since"] = measure.start_date.isoformat()
            program = measure.program
            if program and program.code not in cell["programs"]:
                cell["programs"].append(program.code)
                cell["program_details"].append(
                    {
                        "code": program.code,
                        "name": program.name,
                        "legal_basis": program.legal_basis,
                        "reference_url": program.reference_url,
                    }
                )
            for source in sources_of(designation):
                if source not in cell["sources"]:
                    cell["sources"].append(source)
    return [grid[key] for key in sorted(grid)]


def listing_dict(d: Designation, url: str | None) -> dict:
    """One list's record of the subject, with its official reference and pages."""
    refs = list(d.source_refs)
    source = refs[0].source if refs else ""
    ref = refs[0].ref if refs else ""
    info = list_info(source)
    return {
        "id": d.id,
        "url": url,
        "source": source,
        "list_name": info.name,
        "list_url": info.url or None,
        "ref": ref,
        "entry_url": info.entry_page(ref) if ref else None,
        "name": d.primary_name,
        "kind": d.kind,
        "status": d.status,
        "listed_on": _iso(d.listed_on),
        "delisted_on": _iso(d.delisted_on),
        "programs": [p.code for p in d.programs],
        "measures": [measure_dict(m) for m in d.measures],
        "remarks": d.remarks,
    }


def subject_dict(
    session: Session, members: list[Designation], url_for_id: Callable[[int], str]
) -> dict:
    """The ``subject`` object of the designation JSON."""
    first = members[0]
    sources = list(dict.fromkeys(s for d in members for s in sources_of(d)))
    return {
        "id": subject_ids(session, [first.id])[first.id],
        "name": first.primary_name,
        "kind": first.kind,
        "designation_ids": [d.id for d in members],
        "sources": sources,
        "lists": [list_info(s).name for s in sources],
        "names": subject_names(members),
        "facts": subject_facts(members),
        "sanctions_by_jurisdiction": sanctions_grid(members),
        "listings": [listing_dict(d, url_for_id(d.id)) for d in members],
    }


def designation_with_subject(
    session: Session, designation: Designation, url_for_id: Callable[[int], str]
) -> dict:
    """The designation's JSON record (fields as before) with its ``subject`` object."""
    record = designation_dict(designation, url_for_id(designation.id))
    record["subject"] = subject_dict(session, subject_members(session, designation), url_for_id)
    return record
