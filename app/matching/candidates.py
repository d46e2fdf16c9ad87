"""In-memory candidate retrieval: the reference for the database-backed index.

The app stores one (key, name_id) row per key of each listed name and, for a query,
counts key hits per name and scores the top K. This class does the same in memory for
tests and benchmarks, so both share one algorithm.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from app.matching.keys import name_keys
from app.matching.prepare import PreparedName

# How many candidates to score per query: enough to hold the true match for every
# variant the benchmark tries, few enough to score in a few milliseconds.
DEFAULT_CANDIDATES = 100
# Names tied with the last candidate at this many key hits are scored too, up to
# TIE_EXTENSION times as many candidates (see within_ties).
TIED_SINGLE_KEY = 1
TIE_EXTENSION = 2
# Keys shared by more than this share of all names (a very common given name) carry
# almost no information; they are skipped when the query has rarer keys. At a million
# names, 0.5% keeps a query's postings at a median of ~8k rows (p95 ~26k) without losing
# true matches (benchmarks/matching_quality.py --scale 1000000).
MAX_KEY_SHARE = 0.005


class InMemoryKeyIndex:
    """Key -> name ids postings; candidates are the names with most key hits."""

    def __init__(self, max_key_share: float = MAX_KEY_SHARE) -> None:
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._names: set[int] = set()
        self.max_key_share = max_key_share

    def __len__(self) -> int:
        return len(self._names)

    def add(self, name_id: int, prepared: PreparedName) -> None:
        """Index a listed name under all its keys."""
        self.add_keys(name_id, name_keys(prepared))

    def add_keys(self, name_id: int, keys: Iterable[str]) -> None:
        self._names.add(name_id)
        for key in keys:
            self._postings[key].append(name_id)

    def key_count(self, key: str) -> int:
        return len(self._postings.get(key, ()))

    def candidates(
        self, keys: Iterable[str], limit: int = DEFAULT_CANDIDATES
    ) -> list[tuple[int, int]]:
        """Up to ``limit`` (name_id, hits) pairs, most hits first."""
        postings = [self._postings[k] for k in set(keys) if k in self._postings]
        cap = max(1, int(self.max_key_share * len(self._names)))
        selective = [p for p in postings if len(p) <= cap]
        hits: Counter[int] = Counter()
        for posting in selective or postings:
            hits.update(posting)
        return within_ties(hits.most_common(limit * TIE_EXTENSION), limit)


def within_ties(ranked: list, limit: int) -> list:
    """The first ``limit`` of rows ranked by hits (last field), and maybe those tied with it.

    When the cut falls among names sharing a single key with the query (its other keys
    too common to count: short Korean syllables, a bare surname), which of them make it
    is arbitrary, so all of them are kept, up to TIE_EXTENSION times ``limit``. Ties at
    two keys or more are cut: extending those would double the scoring of most searches.
    """
    if len(ranked) <= limit:
        return ranked
    last = ranked[limit - 1][-1]
    if last > TIED_SINGLE_KEY:
        return ranked[:limit]
    end = limit
    while end < len(ranked) and ranked[end][-1] == last:
        end += 1
    return ranked[:end]
