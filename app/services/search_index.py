"""Keep the candidate index (name_keys) in step with the designations' names.

Called in the same transaction as every import and every save, so a name is
findable the moment the transaction commits. The index also records which version of
the matcher's keys it holds (SearchIndexState), so an upgrade that changes keys is
noticed and the index rebuilt (``flask reindex --if-stale``, run by ``make run``).
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from app.matching import keys_fingerprint, name_keys, prepare_name
from app.models import Designation, DesignationName, NameKey, SearchIndexState
from app.models.designation import utcnow

# Keeps IN lists well under every backend's bound-parameter limit.
_CHUNK = 500
# The key column's width (name_keys.key is String(64)); longer keys, such as the
# whole-name key of a long company name, are stored as a prefix plus a digest.
KEY_WIDTH = 64
_DIGEST_CHARS = 16


def _chunks(items: Sequence[int], size: int = _CHUNK) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def storage_key(key: str) -> str:
    """The key as stored: unchanged when it fits, else a prefix and a digest of it all."""
    if len(key) <= KEY_WIDTH:
        return key
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:_DIGEST_CHARS]
    return key[: KEY_WIDTH - _DIGEST_CHARS - 1] + "#" + digest


def keys_for_name(full_name: str, kind: str | None) -> set[str]:
    return {storage_key(key) for key in name_keys(prepare_name(full_name, kind))}


NamePair = tuple[str, str | None]  # (full name, kind)


def _keys_of(pairs: list[NamePair]) -> list[tuple[NamePair, tuple[str, ...]]]:
    return [(pair, tuple(keys_for_name(*pair))) for pair in pairs]


class KeyPrecomputation:
    """The index keys of many names, computed in ``workers`` processes meanwhile.

    An import starts it with the names it is about to write, writes its rows (the
    processes compute the keys on the other cores), then indexes with ``keys``. A name
    it was not given is keyed on the spot, so the index is the same either way. Below
    ``min_names`` names (or with no workers) nothing is started: keys come on the spot.
    """

    def __init__(self, names: Iterable[NamePair], workers: int, min_names: int) -> None:
        self._keys: dict[NamePair, tuple[str, ...]] = {}
        self._futures: list[Future] = []
        self._pool: ProcessPoolExecutor | None = None
        unique = list(dict.fromkeys(names))
        if workers < 1 or len(unique) < max(1, min_names):
            return
        # spawn, not fork: the import may run in a process with other threads (jobs).
        self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        size = -(-len(unique) // (workers * 4))  # a few batches per process: even finish
        self._futures = [
            self._pool.submit(_keys_of, unique[start : start + size])
            for start in range(0, len(unique), size)
        ]

    def keys(self, full_name: str, kind: str | None) -> Iterable[str]:
        if self._futures:
            futures, self._futures = self._futures, []
            try:
                for future in futures:
                    self._keys.update(future.result())
            finally:
                self.close()
        found = self._keys.get((full_name, kind))
        return found if found is not None else keys_for_name(full_name, kind)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def index_designations(
    session: Session,
    designations: Iterable[Designation],
    precomputed: KeyPrecomputation | None = None,
) -> int:
    """Replace the index rows of these designations; return how many rows were written."""
    designations = list(designations)
    if _state(session) is None and not session.scalar(select(exists().select_from(NameKey))):
        _record_fingerprint(session)  # a new index is built with the current keys
    ids = [d.id for d in designations]
    for chunk in _chunks(ids):
        session.execute(delete(NameKey).where(NameKey.designation_id.in_(chunk)))
    keys = precomputed.keys if precomputed is not None else keys_for_name
    rows = [
        {"key": key, "name_id": name.id, "designation_id": designation.id}
        for designation in designations
        for name in designation.names
        for key in keys(name.full_name, designation.kind)
    ]
    _insert_rows(session, rows)
    return len(rows)


def _insert_rows(session: Session, rows: list[dict]) -> None:
    # A Core executemany on the session's connection: derived rows need none of the
    # ORM's bookkeeping, and this is several times faster for the full list.
    if rows:
        session.connection().execute(NameKey.__table__.insert(), rows)


def rebuild(session: Session) -> int:
    """Rebuild the whole index from the names table (after a matcher change)."""
    session.execute(delete(NameKey))
    kinds = dict(session.execute(select(Designation.id, Designation.kind)).all())
    written = 0
    batch: list[dict] = []
    names = session.execute(
        select(DesignationName.id, DesignationName.designation_id, DesignationName.full_name)
    )
    for name_id, designation_id, full_name in names:
        for key in keys_for_name(full_name, kinds.get(designation_id)):
            batch.append({"key": key, "name_id": name_id, "designation_id": designation_id})
        if len(batch) >= 50_000:
            _insert_rows(session, batch)
            written += len(batch)
            batch = []
    _insert_rows(session, batch)
    _record_fingerprint(session)
    return written + len(batch)


def is_stale(session: Session) -> bool:
    """True if the index was built with other keys than the matcher's current ones.

    An index from before fingerprints were recorded is stale unless it is empty.
    """
    state = _state(session)
    if state is None:
        return bool(session.scalar(select(exists().select_from(NameKey))))
    return state.keys_fingerprint != keys_fingerprint()


def _state(session: Session) -> SearchIndexState | None:
    return session.scalar(select(SearchIndexState).order_by(SearchIndexState.id).limit(1))


def _record_fingerprint(session: Session) -> None:
    state = _state(session)
    if state is None:
        session.add(SearchIndexState(keys_fingerprint=keys_fingerprint()))
    else:
        state.keys_fingerprint = keys_fingerprint()
        state.built_at = utcnow()
