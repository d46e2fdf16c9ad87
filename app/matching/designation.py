"""Matching a query against all names of one designation, with qualifiers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from app.matching.names import compare_prepared
from app.matching.prepare import ENTITY_KINDS, NAME, PreparedName, prepare_name
from app.matching.qualifiers import (
    BirthRange,
    birth_qualifier,
    country_qualifier,
    kind_qualifier,
)
from app.matching.results import DEFAULT_THRESHOLD, DesignationMatch, NameMatch, Qualifier

# A weak alias ("low quality" on the UN list, OFAC's weak a.k.a.) is a loose or partial
# name: a match on it counts, but for less than the same match on a strong name.
WEAK_ALIAS_FACTOR = 0.9


@dataclass(slots=True)
class Query:
    """What the user searched for. The prepared name is built once per kind and reused."""

    name: str
    kind: str | None = None
    birth_year: int | None = None
    birth_date: date | None = None
    country: str | None = None
    _prepared: dict[str | None, PreparedName] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def prepared(self, listed_kind: str | None = None) -> PreparedName:
        """The query name prepared as its own kind, or the listing's kind if none given."""
        kind = self.kind or listed_kind
        if kind not in self._prepared:
            self._prepared[kind] = prepare_name(self.name, kind)
        return self._prepared[kind]


@dataclass(frozen=True, slots=True)
class ListedName:
    """One name of a designation: primary name or alias."""

    name_id: int
    text: str
    name_type: str = "primary"  # primary, aka, fka, nka
    quality: str = "strong"  # strong or weak


@dataclass(frozen=True, slots=True)
class SubjectFacts:
    """What is known about the designated subject besides its names."""

    kind: str
    birth_ranges: list[BirthRange] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)


def _query_reading(query: Query, listed_kind: str) -> PreparedName:
    """The query as compared with a listing of ``listed_kind``.

    Without a kind, the query is read as the listing's kind, except that a query that
    reads as a person's name (two name words or more, no legal form) stays a person's
    name against an entity: its "Al" is then a given name, not an article, and it needs
    two agreeing parts against a longer entity name ("Al Green" / GREEN BIRDS).
    """
    if query.kind is None and listed_kind in ENTITY_KINDS:
        person = query.prepared("individual")
        names = sum(1 for t in person.tokens if t.role == NAME)
        if names >= 2 and not query.prepared(listed_kind).legal_forms:
            return person
    return query.prepared(listed_kind)


def _is_weak(listed: ListedName) -> bool:
    return listed.quality.lower() == "weak"


def _qualifiers(query: Query, facts: SubjectFacts) -> list[Qualifier]:
    found = [
        kind_qualifier(query.kind, facts.kind),
        birth_qualifier(query.birth_date, query.birth_year, facts.birth_ranges),
        country_qualifier(query.country, facts.countries),
    ]
    return [q for q in found if q is not None]


def match_designation(
    query: Query,
    names: Sequence[ListedName],
    facts: SubjectFacts,
    threshold: float = DEFAULT_THRESHOLD,
) -> DesignationMatch:
    """Best-matching name of a designation for the query, adjusted by the qualifiers."""
    prepared_query = _query_reading(query, facts.kind)
    best: tuple[float, ListedName, NameMatch] | None = None
    for listed in names:
        match = compare_prepared(prepared_query, prepare_name(listed.text, facts.kind), threshold)
        score = match.score * (WEAK_ALIAS_FACTOR if _is_weak(listed) else 1.0)
        if best is None or score > best[0]:
            best = (score, listed, match)
    if best is None:
        raise ValueError("a designation needs at least one name")
    score, listed, match = best
    qualifiers = _qualifiers(query, facts)
    if _is_weak(listed):
        qualifiers.insert(
            0,
            Qualifier(
                "weak_alias",
                score - match.score,
                f"matched a weak alias (score x{WEAK_ALIAS_FACTOR})",
            ),
        )
    adjusted = score + sum(q.adjustment for q in qualifiers if q.feature != "weak_alias")
    return DesignationMatch(
        score=max(0.0, min(1.0, adjusted)),
        matched_name_id=listed.name_id,
        matched_name=listed.text,
        matched_name_quality=listed.quality,
        matched_name_type=listed.name_type,
        name_match=match,
        qualifiers=qualifiers,
        threshold=threshold,
        rank_score=adjusted,
    )
