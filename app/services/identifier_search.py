"""Search results that combine an identification number with a name.

Subjects holding the number come first, marked ``identifier_match`` (the listed
identifier that matched), then the subjects only the name matched. A subject found
by both is one result: the identifier match, with the name's score and explanation.
Results have the fields of ``search_export.hit_dict`` so pages, the API and
downloads read them the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from app.models import Designation
from app.services.designations import measure_dict
from app.services.identifiers import IdentifierHit
from app.services.search import SearchHit, SearchResults
from app.services.search_export import hit_dict, load_designations, sanctions_grid


def _unique(values) -> list:  # noqa: ANN001
    return list(dict.fromkeys(values))


def identifier_hit_dict(
    hit: IdentifierHit,
    designation: Designation,
    url: str,
    linked: list[Designation],
    url_for_id: Callable[[int], str],
) -> dict:
    """A subject found by its number only: the fields of a name hit, scored 1."""
    subject = [designation, *linked]
    why = f"identification number {hit.number} ({hit.id_type}) matches"
    return {
        "id": designation.id,
        "url": url,
        "name": designation.primary_name,
        "kind": designation.kind,
        "score": 1.0,
        "matched_name": None,
        "matched_name_quality": None,
        "explanation": {"identifier": hit.to_dict()},
        "why": why,
        "programs": _unique(p.code for d in subject for p in d.programs),
        "measures": [measure_dict(m) for d in subject for m in d.measures],
        "status": designation.status,
        "delisted_on": designation.delisted_on.isoformat() if designation.delisted_on else None,
        "birth_dates": _unique(b.text for d in subject for b in d.birth_dates),
        "nationalities": _unique(n.country for d in subject for n in d.nationalities),
        "source_refs": [{"source": s.source, "ref": s.ref} for d in subject for s in d.source_refs],
        "sanctions_by_jurisdiction": sanctions_grid(subject),
        "linked_designations": [
            {
                "id": d.id,
                "url": url_for_id(d.id),
                "name": d.primary_name,
                "status": d.status,
                "source_refs": [{"source": s.source, "ref": s.ref} for s in d.source_refs],
            }
            for d in linked
        ],
        "identifier_match": hit.to_dict(),
    }


def combined_results(
    session: Session,
    id_hits: list[IdentifierHit],
    results: SearchResults | None,
    name_hits: list[SearchHit],
    url_for_id: Callable[[int], str],
) -> list[dict]:
    """Identifier matches first (those the name also matches first), then name matches."""
    by_subject: dict[int, IdentifierHit] = {}
    for id_hit in id_hits:
        for member in id_hit.subject_ids or (id_hit.designation_id,):
            by_subject[member] = id_hit
    first: list[dict] = []
    rest: list[dict] = []
    used: set[int] = set()
    if results is not None and name_hits:
        designations = load_designations(session, name_hits)
        for hit in name_hits:
            if hit.designation_id not in designations:
                continue
            linked = [designations[i] for i in hit.subject_ids[1:] if i in designations]
            record = hit_dict(
                hit,
                designations[hit.designation_id],
                url_for_id(hit.designation_id),
                linked,
                url_for_id,
            )
            id_hit = by_subject.get(hit.designation_id)
            if id_hit is None:
                record["identifier_match"] = None
                rest.append(record)
            else:
                record["identifier_match"] = id_hit.to_dict()
                record["why"] = f"identification number matches; {record['why']}"
                used.add(id_hit.designation_id)
                first.append(record)
    only_number = [h for h in id_hits if h.designation_id not in used]
    if only_number:
        ids = {i for h in only_number for i in (h.subject_ids or (h.designation_id,))}
        designations = {
            d.id: d for d in load_designations(session, [_as_search_hit(i) for i in ids]).values()
        }
        for id_hit in only_number:
            designation = designations.get(id_hit.designation_id)
            if designation is None:
                continue
            linked = [designations[i] for i in id_hit.subject_ids[1:] if i in designations]
            first.append(
                identifier_hit_dict(
                    id_hit, designation, url_for_id(designation.id), linked, url_for_id
                )
            )
    return first + rest


class _IdOnly:
    """What load_designations reads of a hit: its designation and subject ids."""

    def __init__(self, designation_id: int) -> None:
        self.designation_id = designation_id
        self.subject_ids = [designation_id]


def _as_search_hit(designation_id: int) -> _IdOnly:
    return _IdOnly(designation_id)
