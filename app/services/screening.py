"""Batch screening: many names against the lists, each with its best-matching subjects.

    screening_input  : CSV bytes -> inspect_csv -> read_rows (or row_from_json)
    this module      : Screener.screen_rows (services.search per name, the same search
                       as the pages, one hit per subject; each subject's details loaded
                       once and cached)
    screening_output : output_rows / write_results (CSV) or screened_dict (JSON)

A match is a subject: it carries the measures, programs, jurisdictions and source
references of every list the subject is on, and the scoring uses the facts of all of
them. Pure of Flask: callers pass a Session and the settings. A bad row never stops
the batch: it becomes an output row with status "error" and the reason.

The names of the input and output modules are re-exported here, so callers can use
``screening.read_rows`` and ``screening.write_results`` alike.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from app.models import Designation
from app.services.designations import measure_dict, search_result_options
from app.services.identifiers import with_identifier_hits
from app.services.screening_input import (  # noqa: F401 (re-exported)
    COLUMN_ROLES,
    DELIMITERS,
    JSON_FIELDS,
    SAMPLE_BYTES,
    SINGLE_COLUMN,
    CsvLayout,
    ScreeningFileError,
    ScreeningRow,
    detect_encoding,
    inspect_csv,
    open_text,
    open_text_file,
    parse_birth,
    read_rows,
    row_from_json,
)
from app.services.screening_output import (  # noqa: F401 (re-exported)
    ERROR,
    EXCEL_BOM,
    MATCH,
    NO_MATCH,
    RESULT_COLUMNS,
    STATUSES,
    ScreeningSummary,
    match_dict,
    output_columns,
    output_rows,
    screen_response,
    screened_dict,
    write_results,
)
from app.services.search import SearchFilters, SearchHit, search
from app.services.subject_view import sanctions_grid, subject_ids


@dataclass(frozen=True)
class MatchDetails:
    """What an output row shows of a matched subject; loaded once per subject.

    ``id``, ``name``, ``kind`` and ``status`` are those of the best-matching
    designation; the rest covers every designation of the subject.
    """

    id: int
    name: str
    kind: str
    status: str
    programs: list[str]
    measures: list[dict]
    source_refs: list[dict]
    jurisdictions: list[str] = field(default_factory=list)
    subject_id: int | None = None
    grid: list[dict] = field(default_factory=list)
    linked: list[dict] = field(default_factory=list)  # the subject's other designations


@dataclass(frozen=True)
class ScreeningMatch:
    score: float
    matched_name: str
    matched_name_quality: str
    designation: MatchDetails
    why: str = ""  # the matcher's explanation of the score


@dataclass
class ScreenedRow:
    row: ScreeningRow
    status: str
    message: str = ""
    matches: list[ScreeningMatch] = field(default_factory=list)


@dataclass(frozen=True)
class ScreeningSettings:
    threshold: float
    candidate_limit: int
    max_matches: int
    max_name_length: int


def _unique(values: Iterable) -> list:
    return list(dict.fromkeys(values))


def subject_details(members: list[Designation], subject_id: int | None = None) -> MatchDetails:
    """A subject's details from its designations, the best-matching one first."""
    first = members[0]
    grid = sanctions_grid(members)
    return MatchDetails(
        id=first.id,
        name=first.primary_name,
        kind=first.kind,
        status=first.status,
        programs=_unique(p.code for d in members for p in d.programs),
        measures=[measure_dict(m) for d in members for m in d.measures],
        source_refs=[{"source": s.source, "ref": s.ref} for d in members for s in d.source_refs],
        jurisdictions=_unique(cell["jurisdiction"] for cell in grid if cell["active"]),
        subject_id=subject_id,
        grid=grid,
        linked=[
            {
                "id": d.id,
                "name": d.primary_name,
                "status": d.status,
                "source_refs": [{"source": s.source, "ref": s.ref} for s in d.source_refs],
            }
            for d in members[1:]
        ],
    )


class Screener:
    """Screens rows on one session; keeps the details of each matched subject."""

    def __init__(self, session: Session, settings: ScreeningSettings) -> None:
        self.session = session
        self.settings = settings
        # Keyed by the subject's designation ids, best first; bounded by the database.
        self._details: dict[tuple[int, ...], MatchDetails] = {}

    def screen_rows(self, rows: Iterable[ScreeningRow]) -> list[ScreenedRow]:
        """Screen a chunk of rows; details of newly matched subjects load in one query."""
        pending: list[tuple[ScreeningRow, list[SearchHit]]] = []
        for row in rows:
            hits = [] if row.error else self._hits(row)
            pending.append((row, hits))
        self._load_details([hit for _row, hits in pending for hit in hits])
        return [self._screened(row, hits) for row, hits in pending]

    def _hits(self, row: ScreeningRow) -> list[SearchHit]:
        settings = self.settings
        results = search(
            self.session,
            query=row.name,
            filters=SearchFilters(
                birth_date=row.birth_date, birth_year=row.birth_year, country=row.country
            ),
            threshold=settings.threshold,
            candidate_limit=settings.candidate_limit,
            max_results=settings.max_matches,
        )
        return with_identifier_hits(self.session, row.id_number, None, results.hits)[
            : settings.max_matches
        ]

    @staticmethod
    def _key(hit: SearchHit) -> tuple[int, ...]:
        return tuple(hit.subject_ids or [hit.designation_id])

    def _screened(self, row: ScreeningRow, hits: list[SearchHit]) -> ScreenedRow:
        if row.error:
            return ScreenedRow(row, ERROR, row.error)
        matches = [
            ScreeningMatch(
                score=hit.score,
                matched_name=hit.match.matched_name,
                matched_name_quality=hit.match.matched_name_quality,
                designation=self._details[self._key(hit)],
                why=_why(hit),
            )
            for hit in hits
            if self._key(hit) in self._details
        ]
        return ScreenedRow(row, MATCH if matches else NO_MATCH, matches=matches)

    def _load_details(self, hits: list[SearchHit]) -> None:
        missing = {self._key(hit) for hit in hits} - set(self._details)
        if not missing:
            return
        ids = {i for key in missing for i in key}
        loaded = {
            d.id: d
            for d in self.session.scalars(
                select(Designation).where(Designation.id.in_(ids)).options(*search_result_options())
            )
        }
        subjects = subject_ids(self.session, [key[0] for key in missing])
        for key in missing:
            members = [loaded[i] for i in key if i in loaded]
            if members and members[0].id == key[0]:
                self._details[key] = subject_details(members, subjects.get(key[0]))


def _why(hit: SearchHit) -> str:
    """The matcher's explanation; a hit found by an identification number says so."""
    summary = getattr(hit.match, "summary", None)
    if callable(summary):
        return summary()
    return f"{hit.score:.2f}: holds the {hit.match.matched_name}"


def chunks(rows: Iterable[ScreeningRow], size: int) -> Iterator[list[ScreeningRow]]:
    chunk: list[ScreeningRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_worker_screener: Screener | None = None


def _start_worker(database_uri: str, settings: ScreeningSettings) -> None:
    global _worker_screener
    engine = create_engine(database_uri)
    _worker_screener = Screener(Session(engine), settings)


def _screen_in_worker(rows: list[ScreeningRow]) -> list[ScreenedRow]:
    assert _worker_screener is not None
    return _worker_screener.screen_rows(rows)


def screen_in_processes(
    database_uri: str,
    rows: Iterable[ScreeningRow],
    settings: ScreeningSettings,
    workers: int,
    chunk_size: int,
) -> Iterator[list[ScreenedRow]]:
    """Screen chunks in ``workers`` processes, each with its own connection; input order kept."""
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, _start_worker, (database_uri, settings)) as pool:
        yield from pool.imap(_screen_in_worker, chunks(rows, chunk_size))


def screen_in_session(
    session: Session, rows: Iterable[ScreeningRow], settings: ScreeningSettings, chunk_size: int
) -> Iterator[list[ScreenedRow]]:
    """Screen chunks one after another on ``session`` (no extra processes)."""
    screener = Screener(session, settings)
    for chunk in chunks(rows, chunk_size):
        yield screener.screen_rows(chunk)


# --- screening requests off the web worker's interpreter -----------------------------
# A request's names are screened in one process beside each web worker (started on the
# first request, kept warm), at a lower CPU priority: the worker's threads keep its
# interpreter lock, and the CPU, for the searches while the screening runs.

_request_pools: dict[tuple[int, str, int], ProcessPoolExecutor] = {}
_request_pools_lock = threading.Lock()
_request_engine = None


class ScreeningUnavailable(RuntimeError):
    """The screening process did not answer in time, or died: the caller answers 503."""


def _start_request_process(database_uri: str, niceness: int) -> None:
    global _request_engine
    if niceness:
        os.nice(niceness)
    _request_engine = create_engine(database_uri)


def _screen_request(
    rows: list[ScreeningRow], settings: ScreeningSettings, chunk_size: int
) -> list[list[ScreenedRow]]:
    assert _request_engine is not None
    with Session(_request_engine) as session:  # a new transaction: the latest data
        return list(screen_in_session(session, rows, settings, chunk_size))


def _request_pool(database_uri: str, niceness: int) -> ProcessPoolExecutor:
    key = (os.getpid(), database_uri, niceness)  # a forked worker starts its own
    with _request_pools_lock:
        pool = _request_pools.get(key)
        if pool is None:
            pool = ProcessPoolExecutor(
                1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_request_process,
                initargs=(database_uri, niceness),
            )
            _request_pools[key] = pool
        return pool


def screen_in_process(
    database_uri: str,
    rows: list[ScreeningRow],
    settings: ScreeningSettings,
    chunk_size: int,
    niceness: int,
    timeout: float,
) -> list[list[ScreenedRow]]:
    """The rows screened as ``screen_in_session`` does, in this process's screening process.

    Raises ScreeningUnavailable after ``timeout`` seconds or if the process died (the
    next call starts a new one).
    """
    pool = _request_pool(database_uri, niceness)
    try:
        return pool.submit(_screen_request, rows, settings, chunk_size).result(timeout)
    except FutureTimeout:
        raise ScreeningUnavailable(f"screening took over {timeout:g} s") from None
    except BrokenProcessPool:
        with _request_pools_lock:
            _request_pools.pop((os.getpid(), database_uri, niceness), None)
        raise ScreeningUnavailable("the screening process stopped") from None
