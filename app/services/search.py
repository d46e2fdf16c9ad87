"""Name search: candidates from the key index, scored and explained by the matcher.

    query -> matching.prepare_name/name_keys -> candidate index (SQL)
          -> matching.match_designation per candidate -> ranked hits

Retrieval is broad and cheap (count of shared keys per name); scoring is exact
and explained. Filters that exclude (status, kind, program, jurisdiction,
measure) are applied in SQL; facts that only refine (birth year or date,
country) are qualifiers the matcher weighs, so a record that lacks them is not
thrown away.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from app.matching import (
    DesignationMatch,
    ListedName,
    Query,
    SubjectFacts,
    match_designation,
    query_keys,
)
from app.matching.candidates import MAX_KEY_SHARE, TIE_EXTENSION, within_ties
from app.models import (
    BirthDate,
    Designation,
    DesignationName,
    Measure,
    NameKey,
    Nationality,
    SourceRef,
)
from app.services.designations import listing_conditions
from app.services.search_index import storage_key
from app.services.subjects import subject_groups

STATUSES = ("active", "delisted", "all")
# "Other people with this name": up to this many of the best subjects below the
# threshold, from this score up (a surname alone scores 0.70 against its namesakes).
# The app passes its settings (SEARCH_NEAR_MISS_LIMIT, SEARCH_NEAR_MISS_FLOOR); these
# are the defaults for scripts calling search() directly.
NEAR_MISS_LIMIT = 10
NEAR_MISS_FLOOR = 0.6
# A name part of the query agrees with a listed one from this similarity up: another
# romanisation ("Kusnezow", 0.95) or a spelling slip ("Kuznetsoff", 0.89) does, a
# different name that sounds alike ("Khabirov" for "Kadyrov", 0.83) does not.
NEAR_PART_AGREEMENT = 0.88
# The hot path's tables, queried with SQLAlchemy Core (rows, not ORM objects).
_KEYS = NameKey.__table__
_NAMES = DesignationName.__table__


@dataclass(frozen=True)
class SearchFilters:
    status: str = "active"
    kind: str | None = None
    program: str | None = None
    jurisdiction: str | None = None
    measure: str | None = None
    birth_year: int | None = None
    birth_date: date | None = None
    country: str | None = None
    source: str | None = None  # only designations from this list ("ofac-sdn", ...)
    # The subject (across its linked lists) must have / must not have these active
    # measures, as (jurisdiction, measure type): "US visa ban and no UK travel ban".
    has_measures: tuple[tuple[str, str], ...] = ()
    lacks_measures: tuple[tuple[str, str], ...] = ()

    def describe(self) -> list[str]:
        """The filters in words, for 'no results' messages."""
        parts = []
        if self.status != "all":
            parts.append(f"status {self.status}")
        for label, value in (
            ("kind", self.kind),
            ("program", self.program),
            ("jurisdiction", self.jurisdiction),
            ("measure", self.measure and self.measure.replace("_", " ")),
            ("born", self.birth_date or self.birth_year),
            ("country", self.country),
            ("list", self.source),
        ):
            if value:
                parts.append(f"{label} {value}")
        parts += [f"with a {j} {m.replace('_', ' ')}" for j, m in self.has_measures]
        parts += [f"without a {j} {m.replace('_', ' ')}" for j, m in self.lacks_measures]
        return parts


@dataclass
class SearchHit:
    designation_id: int
    primary_name: str
    match: DesignationMatch
    # Every designation of the same subject on other lists (linked), this one first.
    subject_ids: list[int] = field(default_factory=list)

    @property
    def score(self) -> float:
        return self.match.score


@dataclass
class SearchResults:
    query: str
    filters: SearchFilters
    threshold: float
    hits: list[SearchHit] = field(default_factory=list)
    # The best subjects scoring below the threshold that agree on every name part of
    # the query (at most NEAR_MISS_LIMIT, from NEAR_MISS_FLOOR up, none of the hits'):
    # a surname alone ("Kusnezow") agrees with every Kuznetsov and matches none of them.
    near_misses: list[SearchHit] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.hits)


def search(
    session: Session,
    query: str,
    filters: SearchFilters,
    threshold: float,
    candidate_limit: int,
    max_results: int,
    sort: str = "score",
    group_subjects: bool = True,
    near_miss_limit: int = NEAR_MISS_LIMIT,
    near_miss_floor: float = NEAR_MISS_FLOOR,
) -> SearchResults:
    """Every designation whose best name scores at least ``threshold``, best first.

    With ``group_subjects``, designations linked as one subject across lists give one
    hit (the best), carrying the others in ``subject_ids``.
    """
    results = SearchResults(query=query, filters=filters, threshold=threshold)
    matcher_query = Query(
        name=query,
        kind=filters.kind,
        birth_year=filters.birth_year,
        birth_date=filters.birth_date,
        country=filters.country,
    )
    keys = sorted({storage_key(key) for key in query_keys(query, filters.kind)})
    if not keys:
        return results
    candidates = _candidate_names(session, keys, filters, candidate_limit)
    if not candidates:
        return results
    # A subject's birth dates and nationalities come from all its lists: the UK gives
    # no birth date, but OFAC's still rules a different birth year out.
    groups = subject_groups(session, list(candidates)) if group_subjects else {}
    names, facts = _load_scoring_data(session, candidates, groups)
    for designation_id in candidates:
        subject_facts, primary_name = facts[designation_id]
        match = match_designation(
            matcher_query, names[designation_id], subject_facts, threshold=threshold
        )
        if match.score >= threshold:
            results.hits.append(SearchHit(designation_id, primary_name, match))
        elif match.score >= near_miss_floor:
            results.near_misses.append(SearchHit(designation_id, primary_name, match))
    results.hits = _per_subject_meeting_filters(session, results.hits, groups, filters)
    results.near_misses = _best_near_misses(session, results, groups, filters)[:near_miss_limit]
    if sort == "name":
        results.hits.sort(key=lambda h: (h.primary_name.casefold(), -h.match.rank_score))
    else:
        # rank_score is the score before clamping to 1: a confirmed birth date still
        # lifts an exact name above another exact name.
        results.hits.sort(key=lambda h: (-h.match.rank_score, h.primary_name.casefold()))
    del results.hits[max_results:]
    return results


def _best_near_misses(
    session: Session, results: SearchResults, groups: dict[int, list[int]], filters: SearchFilters
) -> list[SearchHit]:
    """The best few subjects below the threshold that agree on every name part given.

    "Kadyrov" scores below the threshold against "KADYROV, Ramzan Akhmatovich" (the
    given names are missing) but agrees on all it says; a name with a query part the
    listing lacks ("Ivan Kadyrov" against "Ramzan Kadyrov") does not. Subjects already
    among the matches are left out: one subject, one place on the page.
    """
    agreeing = [hit for hit in results.near_misses if _agrees_on_every_part(hit)]
    if not agreeing:
        return []
    near = _per_subject_meeting_filters(session, agreeing, groups, filters)
    matched = {i for hit in results.hits for i in (hit.subject_ids or [hit.designation_id])}
    near = [hit for hit in near if hit.designation_id not in matched]
    # Among equals, the subject on more lists first: the better-known person.
    near.sort(key=lambda h: (-h.match.rank_score, -len(h.subject_ids), h.primary_name.casefold()))
    return near


def _agrees_on_every_part(hit: SearchHit) -> bool:
    name_match = hit.match.name_match
    return (
        bool(name_match.pairs)
        and not name_match.extra
        and all(pair.similarity >= NEAR_PART_AGREEMENT for pair in name_match.pairs)
    )


def _per_subject_meeting_filters(
    session: Session, hits: list[SearchHit], groups: dict[int, list[int]], filters: SearchFilters
) -> list[SearchHit]:
    """One hit per subject (when grouping: ``groups`` is empty otherwise), then has/lacks."""
    if groups:
        hits = _one_hit_per_subject(hits, groups)
    if filters.has_measures or filters.lacks_measures:
        hits = _meeting_measure_filters(session, hits, filters)
    return hits


def _one_hit_per_subject(hits: list[SearchHit], groups: dict[int, list[int]]) -> list[SearchHit]:
    """Linked designations of one subject appear once: the best-scoring one, with the others."""
    best: dict[tuple[int, ...], SearchHit] = {}
    for hit in hits:
        members = tuple(groups[hit.designation_id])
        kept = best.get(members)
        # Ties go to the designation entered first, so the result is stable.
        if kept is None or (hit.match.rank_score, -hit.designation_id) > (
            kept.match.rank_score,
            -kept.designation_id,
        ):
            best[members] = hit
    for members, hit in best.items():
        hit.subject_ids = [hit.designation_id] + [m for m in members if m != hit.designation_id]
    return list(best.values())


def _meeting_measure_filters(
    session: Session, hits: list[SearchHit], filters: SearchFilters
) -> list[SearchHit]:
    """Hits whose subject, across all its lists, has and lacks the measures asked for."""
    member_ids = {i for hit in hits for i in (hit.subject_ids or [hit.designation_id])}
    active: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for designation_id, jurisdiction, measure_type in session.execute(
        select(Measure.designation_id, Measure.jurisdiction, Measure.measure_type).where(
            Measure.designation_id.in_(member_ids), Measure.status == "active"
        )
    ):
        active[designation_id].add((jurisdiction, measure_type))
    kept = []
    for hit in hits:
        measures = set().union(*(active[i] for i in (hit.subject_ids or [hit.designation_id])))
        if set(filters.has_measures) <= measures and not set(filters.lacks_measures) & measures:
            kept.append(hit)
    return kept


def _selective_keys(session: Session, keys: list[str], max_key_share: float) -> list[str]:
    """Drop keys shared by a large share of all names (a very common given name).

    They carry almost no information and cost the most to count; they are kept
    only when the query has nothing rarer. One query: the counts and the names' size.
    """
    total_names = select(func.max(_NAMES.c.id)).scalar_subquery()
    rows = (
        session.connection()
        .execute(
            select(_KEYS.c.key, func.count(), total_names)
            .where(_KEYS.c.key.in_(keys))
            .group_by(_KEYS.c.key)
        )
        .all()
    )
    if not rows:
        return []
    cap = max(1, int(max_key_share * (rows[0][2] or 1)))
    selective = [key for key, count, _total in rows if count <= cap]
    return selective or [key for key, _count, _total in rows]


def _candidate_names(
    session: Session, keys: list[str], filters: SearchFilters, limit: int
) -> dict[int, list[int]]:
    """The names sharing the most keys with the query, by designation (the broad pass).

    Only these names are scored: a name that shares no key with the query is one
    the scorer would reject anyway, and skipping it halves the scoring work.
    """
    keys = _selective_keys(session, keys, MAX_KEY_SHARE)
    if not keys:
        return {}
    hits = func.count().label("hits")  # count(*): answered from the covering key index
    statement: Select = (
        select(_KEYS.c.designation_id, _KEYS.c.name_id, hits)
        .where(_KEYS.c.key.in_(keys))
        .group_by(_KEYS.c.designation_id, _KEYS.c.name_id)
        .order_by(hits.desc(), _KEYS.c.name_id)
        .limit(limit * TIE_EXTENSION)
    )
    conditions = _designation_conditions(filters)
    if conditions:
        # "+ 0" keeps the planner off the designation_id index: with filters, SQLite
        # would otherwise walk every filtered designation's keys instead of looking the
        # query's few keys up, which is always the selective way in.
        statement = statement.join(
            Designation.__table__, Designation.id == _KEYS.c.designation_id + 0
        ).where(and_(*conditions))
    ranked = session.connection().execute(statement).all()
    candidates: dict[int, list[int]] = {}
    for designation_id, name_id, _hits in within_ties(ranked, limit):
        candidates.setdefault(designation_id, []).append(name_id)
    return candidates


def _designation_conditions(filters: SearchFilters) -> list:
    conditions = listing_conditions(filters.status, filters.kind, filters.program)
    if filters.source:
        conditions.append(
            Designation.id.in_(
                select(SourceRef.designation_id).where(SourceRef.source == filters.source)
            )
        )
    if filters.jurisdiction or filters.measure:
        measure_filter = select(Measure.designation_id)
        if filters.status != "delisted":
            measure_filter = measure_filter.where(Measure.status == "active")
        if filters.jurisdiction:
            measure_filter = measure_filter.where(Measure.jurisdiction == filters.jurisdiction)
        if filters.measure:
            measure_filter = measure_filter.where(Measure.measure_type == filters.measure)
        conditions.append(Designation.id.in_(measure_filter))
    return conditions


def _load_scoring_data(
    session: Session, candidates: dict[int, list[int]], groups: dict[int, list[int]]
) -> tuple[dict[int, list[ListedName]], dict[int, tuple[SubjectFacts, str]]]:
    """Only what scoring needs, in three light queries (no ORM objects)."""
    designation_ids = list(candidates)
    fact_ids = sorted({m for d in designation_ids for m in groups.get(d, [d])})
    name_ids = [name_id for ids in candidates.values() for name_id in ids]
    names: dict[int, list[ListedName]] = defaultdict(list)
    designations: dict[int, tuple[str, str]] = {}
    connection = session.connection()  # Core: plain rows, none of the ORM's bookkeeping
    designation_table = Designation.__table__.c
    for name_id, designation_id, full_name, name_type, quality, kind, primary in connection.execute(
        select(
            _NAMES.c.id,
            _NAMES.c.designation_id,
            _NAMES.c.full_name,
            _NAMES.c.name_type,
            _NAMES.c.quality,
            designation_table.kind,
            designation_table.primary_name,
        )
        .join(Designation.__table__, designation_table.id == _NAMES.c.designation_id)
        .where(_NAMES.c.id.in_(name_ids))
        .order_by(_NAMES.c.position)
    ):
        names[designation_id].append(ListedName(name_id, full_name, name_type, quality))
        designations[designation_id] = (kind, primary)

    births: dict[int, list[tuple[date | None, date | None]]] = defaultdict(list)
    births_table = BirthDate.__table__.c
    for designation_id, earliest, latest in connection.execute(
        select(births_table.designation_id, births_table.earliest, births_table.latest).where(
            births_table.designation_id.in_(fact_ids)
        )
    ):
        births[designation_id].append((earliest, latest))

    countries: dict[int, list[str]] = defaultdict(list)
    nationalities = Nationality.__table__.c
    for designation_id, country in connection.execute(
        select(nationalities.designation_id, nationalities.country).where(
            nationalities.designation_id.in_(fact_ids)
        )
    ):
        countries[designation_id].append(country)

    facts = {
        designation_id: (
            SubjectFacts(
                kind=kind,
                birth_ranges=[
                    b for m in groups.get(designation_id, [designation_id]) for b in births[m]
                ],
                countries=[
                    c for m in groups.get(designation_id, [designation_id]) for c in countries[m]
                ],
            ),
            primary_name,
        )
        for designation_id, (kind, primary_name) in designations.items()
    }
    return names, facts
