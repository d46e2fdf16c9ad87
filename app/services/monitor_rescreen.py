"""Re-screening monitored lists: after an import, against what it changed; or in full.

    import's audit entry -> its child entries (created, updated, delisted, re-listed)
        -> those designations' names, stored index keys and subject facts
        -> for each monitored list: its rows' key index (``monitor_index``)
        -> candidates per designation -> ``match_designation`` -> (row, subject) pairs
        -> compared with the list's known hits and the review's decisions
        -> an alert digest (only when something is in it), webhook deliveries

The changed designations are searched for among the monitored names, never the names
against the whole database: the work grows with what the import changed.

* new hit: a (row, subject) pair that matches and was not known;
* changed hit: a known pair whose subject gained or lost measures, names, lists, or
  was re-listed; or a pair decided ``false_positive`` whose subject's listings changed
  after the decision (``decisions.changes_since``), with what changed;
* delisted: a known pair (or one matching now) whose designation the import delisted.

A pair decided ``false_positive`` stays closed unless its listings changed after the
decision. Flask-free; each public function is one transaction.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.matching import keys_fingerprint
from app.models import AuditEntry, Designation
from app.models.monitoring import (
    HIT_DELISTED,
    HIT_LISTED,
    AlertDigest,
    MonitoredHit,
    MonitoredList,
    MonitoredRow,
    WebhookDelivery,
)
from app.models.screening_record import FALSE_POSITIVE
from app.services import decisions
from app.services.designations import search_result_options
from app.services.list_versions import list_versions
from app.services.monitor_changes import (
    DELISTED,
    DesignationChange,
    ImportFacts,
    chunks,
    import_changes,
    listing_changed,
    load_designations,
    what_changed,
)
from app.services.monitor_digests import hit_entry, subject_of
from app.services.monitor_index import IndexHit, MonitorIndex, monitored_keys
from app.services.monitoring import MonitorSettings, monitored_names


def ensure_keys(session: Session, monitored: MonitoredList) -> list[MonitoredRow]:
    """The list's rows, each with its stored keys (made now where missing or stale)."""
    rows = list(session.scalars(select(MonitoredRow).where(MonitoredRow.list_id == monitored.id)))
    fingerprint = keys_fingerprint()
    stale = monitored.keys_fingerprint != fingerprint
    for row in rows:
        if stale or row.keys is None:
            row.keys = monitored_keys(row.name)
    monitored.keys_fingerprint = fingerprint
    return rows


def build_index(
    rows: list[MonitoredRow], threshold: float, settings: MonitorSettings
) -> MonitorIndex:
    return MonitorIndex.build(
        monitored_names(rows), candidate_limit=settings.candidate_limit, threshold=threshold
    )


def _import_facts(session: Session, import_id: int, stale_after_days: int) -> ImportFacts | None:
    parent = session.get(AuditEntry, import_id)
    if parent is None or parent.action != "import":
        return None
    changes = import_changes(session, import_id)
    details = parent.details or {}
    versions = [v.as_dict() for v in list_versions(session, stale_after_days)]
    source = str(details.get("source") or "")
    data_date = next((v["data_date"] for v in versions if v["source"] == source), None)
    facts = ImportFacts(
        import_id=import_id,
        source=source,
        file_name=str(details.get("file") or ""),
        data_date=data_date,
        changes=changes,
        versions=versions,
    )
    facts.designations, facts.groups = load_designations(
        session, [c.designation_id for c in changes]
    )
    return facts


def rescreen_after_import(
    session: Session, import_id: int, settings: MonitorSettings, stale_after_days: int
) -> list[AlertDigest]:
    """Re-screen every monitored list against what import ``import_id`` changed.

    Each list is marked checked (time, list versions); a digest is written only for a
    list the import touched. Committed; the digests (their webhook deliveries pending)."""
    facts = _import_facts(session, import_id, stale_after_days)
    if facts is None:
        return []
    written = []
    for monitored in session.scalars(select(MonitoredList).order_by(MonitoredList.id)):
        if monitored.checked_import_id == import_id:
            continue  # already checked against this import (its job run again)
        digest = rescreen_list(session, monitored, facts, settings)
        if digest is not None:
            written.append(digest)
    session.commit()
    return written


def _known_hits(
    session: Session, list_id: int, members: set[int]
) -> dict[tuple[int, int], MonitoredHit]:
    """Known hits of the list on the given designations' subjects: (row, designation) ->
    hit, for every designation of the subject (keys move when subjects are linked)."""
    found: dict[tuple[int, int], MonitoredHit] = {}
    for chunk in chunks(sorted(members)):
        chunk_keys = [f"{decisions.SUBJECT_KEY_PREFIX}{m}" for m in chunk]
        for hit in session.scalars(
            select(MonitoredHit).where(
                MonitoredHit.list_id == list_id,
                (MonitoredHit.designation_id.in_(chunk))
                | (MonitoredHit.subject_key.in_(chunk_keys)),
            )
        ):
            by_key = decisions.designation_of_key(hit.subject_key)
            for d_id in {hit.designation_id, by_key} - {None}:
                found[(hit.row_id, d_id)] = hit
    return found


def rescreen_list(
    session: Session, monitored: MonitoredList, facts: ImportFacts, settings: MonitorSettings
) -> AlertDigest | None:
    """One list against the import's changes: known hits updated, digest if any (no commit)."""
    rows = ensure_keys(session, monitored)
    monitored.last_checked_at = datetime.now(UTC)
    monitored.checked_versions = facts.versions
    if facts.import_id is not None:
        monitored.checked_import_id = facts.import_id
    if not rows or not facts.changes:
        return None
    rows_by_id = {row.id: row for row in rows}
    index = build_index(rows, monitored.threshold, settings)
    members = {
        m for c in facts.changes for m in facts.groups.get(c.designation_id, [c.designation_id])
    }
    known = _known_hits(session, monitored.id, members)
    known_by_designation: dict[int, set[int]] = defaultdict(set)
    for row_id, d_id in known:
        known_by_designation[d_id].add(row_id)
    pairs: list[tuple[DesignationChange, int, IndexHit | None, str]] = []
    for change in facts.changes:
        changed = facts.designations.get(change.designation_id)
        if changed is None:
            continue
        group = facts.groups.get(change.designation_id, [change.designation_id])
        subject_key = decisions.subject_key_of(group)
        matched = {hit.row_id: hit for hit in index.matches(changed)}
        known_rows = {r for m in group for r in known_by_designation.get(m, ())}
        for row_id in sorted(set(matched) | known_rows):
            if row_id in rows_by_id:
                pairs.append((change, row_id, matched.get(row_id), subject_key))
    if not pairs:
        return None
    reviews = decisions.effective_decisions(
        session,
        [(rows_by_id[r].client_key, key) for _c, r, _h, key in pairs],
        settings.four_eyes,
    )
    digest_body: dict[str, list] = {"new_hits": [], "changed_hits": [], "delisted": []}
    seen: set[tuple[str, int, str]] = set()
    subjects = _subjects(session, facts, pairs)
    now = datetime.now(UTC)
    for change, row_id, hit, subject_key in pairs:
        row = rows_by_id[row_id]
        group = facts.groups.get(change.designation_id, [change.designation_id])
        known_hit = next((known[(row_id, m)] for m in group if (row_id, m) in known), None)
        decision = reviews.get((row.client_key, subject_key))
        category, words = _classify(session, change, hit, known_hit, decision, subject_key, facts)
        if category is None or (category, row_id, subject_key) in seen:
            continue
        seen.add((category, row_id, subject_key))
        structured = what_changed(change, facts.source)[1]
        score = hit.score if hit else (known_hit.score if known_hit else 0.0)
        digest_body[category].append(
            hit_entry(
                row,
                subjects[change.designation_id],
                score=score,
                why=hit.match.summary() if hit else "",
                changes=words,
                changed=structured,
                decision=decision.as_dict() if decision else None,
            )
        )
        _remember(session, monitored, row_id, subject_key, change, hit, known_hit, now)
    if not any(digest_body.values()):
        return None
    return write_digest(
        session,
        monitored,
        facts.import_id,
        facts.source,
        facts.file_name,
        facts.data_date,
        digest_body,
        now,
    )


def _classify(
    session: Session,
    change: DesignationChange,
    hit: IndexHit | None,
    known_hit: MonitoredHit | None,
    decision: decisions.EffectiveDecision | None,
    subject_key: str,
    facts: ImportFacts,
) -> tuple[str | None, list[str]]:
    """Which part of the digest the pair goes to (None: not at all), and what changed."""
    words, _structured = what_changed(change, facts.source)
    if decision is not None and decision.counts and decision.decision == FALSE_POSITIVE:
        since = decisions.changes_since(session, subject_key, decision.at)
        return ("changed_hits", since) if since else (None, [])
    if change.action == DELISTED:
        if known_hit is not None and known_hit.state == HIT_DELISTED:
            return None, []
        return "delisted", words
    if known_hit is None:
        return ("new_hits", words or ["matches now"]) if hit is not None else (None, [])
    if known_hit.state == HIT_DELISTED:
        return ("changed_hits", words) if hit is not None else (None, [])
    if hit is None:
        return "changed_hits", [*words, "no longer matches at the threshold"]
    return ("changed_hits", words) if listing_changed(change) and words else (None, [])


def _remember(
    session: Session,
    monitored: MonitoredList,
    row_id: int,
    subject_key: str,
    change: DesignationChange,
    hit: IndexHit | None,
    known_hit: MonitoredHit | None,
    now: datetime,
) -> None:
    """Keep the pair's state for the next import: listed, delisted, or forgotten."""
    state = HIT_DELISTED if change.action == DELISTED else HIT_LISTED
    if known_hit is None:
        if hit is None and state == HIT_LISTED:
            return
        session.add(
            MonitoredHit(
                list_id=monitored.id,
                row_id=row_id,
                subject_key=subject_key,
                designation_id=change.designation_id,
                score=round(hit.score, 4) if hit else 0.0,
                state=state,
                first_seen_at=now,
                updated_at=now,
            )
        )
        session.flush()
        return
    if hit is None and state == HIT_LISTED:
        session.delete(known_hit)
        session.flush()
        return
    known_hit.state = state
    known_hit.subject_key = subject_key
    if hit is not None:
        known_hit.score = round(hit.score, 4)
    known_hit.updated_at = now


def _subjects(session: Session, facts: ImportFacts, pairs: list) -> dict[int, dict]:
    ids = sorted({change.designation_id for change, *_rest in pairs})
    members = {i: facts.groups.get(i, [i]) for i in ids}
    all_ids = sorted({m for group in members.values() for m in group})
    loaded: dict[int, Designation] = {}
    for chunk in chunks(all_ids):
        for d in session.scalars(
            select(Designation).where(Designation.id.in_(chunk)).options(*search_result_options())
        ):
            loaded[d.id] = d
    found = {}
    for d_id in ids:
        group = [loaded[d_id]] + [loaded[m] for m in members[d_id] if m != d_id and m in loaded]
        found[d_id] = subject_of(group, decisions.subject_key_of(members[d_id]))
    return found


def write_digest(
    session: Session,
    monitored: MonitoredList,
    import_id: int | None,
    source: str,
    file_name: str,
    data_date: str | None,
    body: dict[str, list],
    now: datetime,
) -> AlertDigest:
    """A digest of ``body`` (and its webhook delivery, pending); not committed."""
    digest = AlertDigest(
        list_id=monitored.id,
        created_at=now,
        import_id=import_id,
        source=source,
        data_date=data_date,
        file_name=file_name[:500],
        body=body,
        counts={key: len(items) for key, items in body.items()},
    )
    session.add(digest)
    session.flush()
    if monitored.webhook_url:
        session.add(
            WebhookDelivery(
                digest_id=digest.id, list_id=monitored.id, url=monitored.webhook_url, created_at=now
            )
        )
        session.flush()
    return digest
