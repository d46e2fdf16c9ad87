"""The monitored names, indexed by the matcher's keys: changed designations look for them.

After an import, each designation it created, changed or delisted is one "query"
against the index of a monitored list's names, not the names against the whole
database: ``name_keys`` of every listed name of the designation are looked up among
the ``query_keys`` of the monitored names (the same keys the search index and the
search use, only the other way round), the names sharing the most keys are the
candidates, and ``match_designation`` scores each candidate name against all the
designation's names with the subject's facts, as a search would.

No Flask, no database: the caller loads the rows and the designations.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from app.matching import (
    DesignationMatch,
    InMemoryKeyIndex,
    ListedName,
    Query,
    SubjectFacts,
    match_designation,
    name_keys,
    prepare_name,
    query_keys,
)
from app.matching.candidates import within_ties
from app.services.search_index import storage_key


@dataclass(frozen=True)
class MonitoredName:
    """One client row as the matcher reads it, with its keys (``monitored_keys``)."""

    row_id: int
    name: str
    keys: Collection[str]
    birth_date: date | None = None
    birth_year: int | None = None
    country: str | None = None


@dataclass(frozen=True)
class ChangedDesignation:
    """A designation an import touched: its names, each name's index keys (as the search
    index stores them), and its subject's facts."""

    designation_id: int
    names: Sequence[ListedName]
    facts: SubjectFacts
    keys: Sequence[Collection[str]] = ()

    @classmethod
    def from_names(
        cls, designation_id: int, names: Sequence[ListedName], facts: SubjectFacts
    ) -> ChangedDesignation:
        """With each name's keys made here (the app reads them from its search index)."""
        keys = [listed_keys(listed.text, facts.kind) for listed in names]
        return cls(designation_id, names, facts, keys)


def listed_keys(text: str, kind: str | None) -> frozenset[str]:
    """A listed name's keys as the search index stores them."""
    return frozenset(storage_key(k) for k in name_keys(prepare_name(text, kind)))


def monitored_keys(text: str) -> list[str]:
    """A monitored name's keys (those of a search for it), as the search index stores them."""
    return sorted({storage_key(k) for k in query_keys(text)})


@dataclass
class IndexHit:
    row_id: int
    designation_id: int
    match: DesignationMatch

    @property
    def score(self) -> float:
        return self.match.score


@dataclass
class MonitorIndex:
    """Key -> monitored row ids, and each row's matcher query (prepared once)."""

    candidate_limit: int
    threshold: float
    _keys: InMemoryKeyIndex = field(default_factory=InMemoryKeyIndex)
    _queries: dict[int, Query] = field(default_factory=dict)

    @classmethod
    def build(
        cls, names: Iterable[MonitoredName], *, candidate_limit: int, threshold: float
    ) -> MonitorIndex:
        index = cls(candidate_limit=candidate_limit, threshold=threshold)
        for name in names:
            index.add(name)
        return index

    def __len__(self) -> int:
        return len(self._queries)

    def add(self, name: MonitoredName) -> None:
        if not name.keys:
            return
        self._keys.add_keys(name.row_id, name.keys)
        self._queries[name.row_id] = Query(
            name=name.name,
            birth_year=name.birth_year,
            birth_date=name.birth_date,
            country=name.country,
        )

    def candidates(self, changed: ChangedDesignation) -> dict[int, list[int]]:
        """The (row, listed name) pairs sharing most keys, as the search takes its candidate
        names: row id -> the positions of the designation's names that brought it."""
        pairs: list[tuple[int, int, int]] = []
        for position, keys in enumerate(changed.keys):
            for row_id, count in self._keys.candidates(keys, self.candidate_limit):
                pairs.append((row_id, position, count))
        pairs.sort(key=lambda pair: -pair[2])
        found: dict[int, list[int]] = {}
        for row_id, position, _count in within_ties(pairs, self.candidate_limit):
            found.setdefault(row_id, []).append(position)
        return found

    def matches(self, changed: ChangedDesignation) -> list[IndexHit]:
        """The monitored rows the designation matches at or above the threshold; each
        scored, as a search scores, against the names of the designation it was found by."""
        if not changed.names:
            return []
        found = []
        for row_id, positions in self.candidates(changed).items():
            names = [changed.names[p] for p in positions]
            match = match_designation(
                self._queries[row_id], names, changed.facts, threshold=self.threshold
            )
            if match.score >= self.threshold:
                found.append(IndexHit(row_id, changed.designation_id, match))
        return found

    def score(self, row_id: int, changed: ChangedDesignation) -> DesignationMatch | None:
        """One row scored against one designation (a hit known before, looked at again)."""
        query = self._queries.get(row_id)
        if query is None or not changed.names:
            return None
        return match_designation(query, changed.names, changed.facts, threshold=self.threshold)
