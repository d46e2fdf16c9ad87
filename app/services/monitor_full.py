"""A monitored list's clients against the whole database: first screening, full re-screen.

Here the clients are the queries, as in a screening run (``services.screening``: the
same search, one hit per subject), because every designation is in play: 10,000 names
searched cost less than every listed name looked up among them. After an import, only
the changed designations are looked up among the clients (``monitor_rescreen``).

* ``baseline``: rows added after the list was made are screened once; their matches
  become known hits (no digest: nothing changed, the client is new).
* ``full_rescreen``: every row; a digest of what the known hits did not hold (new hits,
  delistings of known hits), false positives closed unless their listing changed since.

Flask-free; the caller chooses how rows are screened (in this session, or in worker
processes as ``flask screen --workers`` does) by the ``screen`` function it passes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Designation
from app.models.monitoring import (
    HIT_DELISTED,
    HIT_LISTED,
    MonitoredHit,
    MonitoredList,
    MonitoredRow,
)
from app.models.screening_record import FALSE_POSITIVE
from app.services import decisions
from app.services.designations import search_result_options
from app.services.list_versions import list_versions
from app.services.monitor_changes import chunks
from app.services.monitor_digests import hit_entry, subject_from_details, subject_of
from app.services.monitor_rescreen import ensure_keys, write_digest
from app.services.monitoring import MonitorSettings, monitored_names
from app.services.screening import ScreenedRow, ScreeningMatch, ScreeningSettings, screen_in_session
from app.services.screening_input import ScreeningRow as InputRow

# Rows screened per chunk.
CHUNK_ROWS = 200
Screen = Callable[[list[InputRow]], Iterable[list[ScreenedRow]]]


def in_session(session: Session, settings: ScreeningSettings) -> Screen:
    """Screen on ``session``, chunk after chunk (no extra processes)."""
    return lambda rows: screen_in_session(session, rows, settings, CHUNK_ROWS)


def _inputs(rows: list[MonitoredRow]) -> list[InputRow]:
    """The rows as the screener reads them; ``line`` carries the row's id."""
    inputs = []
    for name in monitored_names(rows):
        row = InputRow(line=name.row_id, values=[], name=name.name, country=name.country)
        row.birth_date, row.birth_year = name.birth_date, name.birth_year
        inputs.append(row)
    return inputs


def _members(match: ScreeningMatch) -> list[int]:
    d = match.designation
    return [d.id, *(linked["id"] for linked in d.linked), *([d.subject_id] if d.subject_id else [])]


def _found(screen: Screen, rows: list[MonitoredRow]) -> dict[tuple[int, str], ScreeningMatch]:
    found: dict[tuple[int, str], ScreeningMatch] = {}
    for chunk in screen(_inputs(rows)):
        for result in chunk:
            for match in result.matches:
                found.setdefault(
                    (result.row.line, decisions.subject_key_of(_members(match))), match
                )
    return found


def _known(session: Session, list_id: int) -> dict[tuple[int, int], MonitoredHit]:
    """(row, designation) -> known hit, for its designation and its subject key's."""
    known: dict[tuple[int, int], MonitoredHit] = {}
    for hit in session.scalars(select(MonitoredHit).where(MonitoredHit.list_id == list_id)):
        for d_id in {hit.designation_id, decisions.designation_of_key(hit.subject_key)} - {None}:
            known[(hit.row_id, d_id)] = hit
    return known


def _new_hit(
    monitored: MonitoredList, row_id: int, key: str, match: ScreeningMatch, now: datetime
) -> MonitoredHit:
    return MonitoredHit(
        list_id=monitored.id,
        row_id=row_id,
        subject_key=key,
        designation_id=match.designation.id,
        score=round(match.score, 4),
        state=HIT_LISTED,
        first_seen_at=now,
        updated_at=now,
    )


def baseline(session: Session, monitored: MonitoredList, settings: ScreeningSettings) -> int:
    """Make the rows' keys where missing, then screen the rows added since the list was
    made and keep their matches as known hits. Committed; how many rows were screened."""
    rows = ensure_keys(session, monitored)  # a list made from a run: its keys, made once
    session.commit()
    pending = [row for row in rows if row.baseline_pending]
    if not pending:
        return 0
    known = _known(session, monitored.id)
    now = datetime.now(UTC)
    for (row_id, key), match in _found(in_session(session, settings), pending).items():
        if not any((row_id, m) in known for m in _members(match)):
            session.add(_new_hit(monitored, row_id, key, match, now))
    for row in pending:
        row.baseline_pending = False
    session.commit()
    return len(pending)


def full_rescreen(
    session: Session,
    monitored: MonitoredList,
    screen: Screen,
    settings: MonitorSettings,
    stale_after_days: int,
) -> object | None:
    """Every row against the whole database: the digest of what changed since the known
    hits (or None), the known hits brought up to date, the list marked checked. Committed."""
    rows = list(session.scalars(select(MonitoredRow).where(MonitoredRow.list_id == monitored.id)))
    by_id = {row.id: row for row in rows}
    found = _found(screen, rows)
    known = _known(session, monitored.id)
    pairs = [(by_id[row_id].client_key, key) for row_id, key in found]
    reviews = decisions.effective_decisions(session, pairs, settings.four_eyes)
    body: dict[str, list] = {"new_hits": [], "changed_hits": [], "delisted": []}
    now = datetime.now(UTC)
    matched: set[int] = set()
    for (row_id, key), match in found.items():
        hit = next((known[(row_id, m)] for m in _members(match) if (row_id, m) in known), None)
        if hit is not None:
            matched.add(hit.id)
        if hit is not None and hit.state == HIT_LISTED:
            continue
        decision = reviews.get((by_id[row_id].client_key, key))
        words = ["listed again"] if hit is not None else ["matches now"]
        section = "changed_hits" if hit is not None else "new_hits"
        if decision is not None and decision.counts and decision.decision == FALSE_POSITIVE:
            words = decisions.changes_since(session, key, decision.at)
            if not words:
                continue
            section = "changed_hits"
        body[section].append(
            hit_entry(
                by_id[row_id],
                subject_from_details(match.designation, key),
                score=match.score,
                why=match.why,
                changes=words,
                changed={"action": "recheck", "measures_gained": [], "measures_lost": [],
                         "fields": []},
                decision=decision.as_dict() if decision else None,
            )
        )  # fmt: skip
        if hit is None:
            session.add(_new_hit(monitored, row_id, key, match, now))
        else:
            hit.state, hit.updated_at = HIT_LISTED, now
    _delisted_known(session, monitored, by_id, matched, body, settings, now)
    monitored.last_checked_at = now
    monitored.checked_versions = [v.as_dict() for v in list_versions(session, stale_after_days)]
    digest = None
    if any(body.values()):
        digest = write_digest(session, monitored, None, "", "", None, body, now)
    session.commit()
    return digest


def _delisted_known(
    session: Session,
    monitored: MonitoredList,
    by_id: dict[int, MonitoredRow],
    matched: set[int],
    body: dict[str, list],
    settings: MonitorSettings,
    now: datetime,
) -> None:
    """Known hits still marked listed whose designation is delisted now."""
    listed = [
        hit
        for hit in session.scalars(
            select(MonitoredHit).where(
                MonitoredHit.list_id == monitored.id, MonitoredHit.state == HIT_LISTED
            )
        )
        if hit.id not in matched and hit.row_id in by_id
    ]
    designations: dict[int, Designation] = {}
    for chunk in chunks(sorted({hit.designation_id for hit in listed})):
        for d in session.scalars(
            select(Designation).where(Designation.id.in_(chunk)).options(*search_result_options())
        ):
            designations[d.id] = d
    gone = [h for h in listed if h.designation_id in designations]
    gone = [h for h in gone if designations[h.designation_id].status != "active"]
    reviews = decisions.effective_decisions(
        session, [(by_id[h.row_id].client_key, h.subject_key) for h in gone], settings.four_eyes
    )
    for hit in gone:
        decision = reviews.get((by_id[hit.row_id].client_key, hit.subject_key))
        if decision is not None and decision.counts and decision.decision == FALSE_POSITIVE:
            continue
        body["delisted"].append(
            hit_entry(
                by_id[hit.row_id],
                subject_of([designations[hit.designation_id]], hit.subject_key),
                score=hit.score,
                why="",
                changes=["delisted"],
                changed={"action": "recheck", "measures_gained": [], "measures_lost": [],
                         "fields": ["status"]},
                decision=decision.as_dict() if decision else None,
            )
        )  # fmt: skip
        hit.state, hit.updated_at = HIT_DELISTED, now
