"""One person, several lists: link designations of different sources.

For each designation of the smaller side, the search service looks for
designations of the other sources with the same kind; the matcher's name score
plus birth dates and nationalities decide:

* sure  -> linked at once (status "linked", method "automatic");
* unsure -> proposed, for an editor to confirm or reject in the admin area;
* contradicting birth dates -> no link.

Decisions taken by an editor (and rejections) are never overwritten by a rerun,
and they survive re-imports because designations keep their ids. Subjects (the
connected groups of linked designations) are then rebuilt in subject_members.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.matching import normalise_country
from app.models import (
    BirthDate,
    Designation,
    DesignationName,
    Nationality,
    SourceRef,
    SubjectLink,
)
from app.services import audit
from app.services.search import SearchFilters, search
from app.services.subject_graph import HELD_BACK
from app.services.subjects import rebuild_subjects


@dataclass(frozen=True)
class LinkSettings:
    propose_score: float  # a name score from which a pair is worth an editor's look
    sure_score: float  # a name score that, with agreeing facts, links at once
    candidate_limit: int
    max_candidates: int = 5
    # The primary name and the first strong alias: enough to find the other listing
    # (both lists carry the well-known spelling), and each costs one search.
    names_per_designation: int = 2


def link_settings(config: Mapping) -> LinkSettings:
    """The linking settings from the app's config."""
    from app.matching import DEFAULT_THRESHOLD

    propose = config.get("LINK_PROPOSE_SCORE")
    if propose is None:
        propose = config.get("MATCH_THRESHOLD") or DEFAULT_THRESHOLD
    return LinkSettings(
        propose_score=float(propose),
        sure_score=float(config["LINK_SURE_SCORE"]),
        candidate_limit=int(config["SEARCH_CANDIDATES"]),
    )


@dataclass
class LinkSummary:
    linked: int = 0
    proposed: int = 0
    unchanged: int = 0
    subjects: int = 0
    checked: int = 0


@dataclass
class _Facts:
    kind: str
    names: list[str]
    births: list[tuple[date | None, date | None]]
    countries: set[str]


def _facts(session: Session, ids: list[int]) -> dict[int, _Facts]:
    facts = {
        d_id: _Facts(kind, [], [], set())
        for d_id, kind in session.execute(
            select(Designation.id, Designation.kind).where(Designation.id.in_(ids))
        )
    }
    for d_id, full_name, quality in session.execute(
        select(DesignationName.designation_id, DesignationName.full_name, DesignationName.quality)
        .where(DesignationName.designation_id.in_(ids))
        .order_by(DesignationName.position)
    ):
        if quality != "weak":
            facts[d_id].names.append(full_name)
    for d_id, earliest, latest in session.execute(
        select(BirthDate.designation_id, BirthDate.earliest, BirthDate.latest).where(
            BirthDate.designation_id.in_(ids)
        )
    ):
        facts[d_id].births.append((earliest, latest))
    for d_id, country in session.execute(
        select(Nationality.designation_id, Nationality.country).where(
            Nationality.designation_id.in_(ids)
        )
    ):
        facts[d_id].countries.add(normalise_country(country) or country.casefold())
    return facts


def _birth_relation(a: _Facts, b: _Facts) -> str:
    """same | compatible | conflict | unknown."""
    known_a = [r for r in a.births if r[0] and r[1]]
    known_b = [r for r in b.births if r[0] and r[1]]
    if not known_a or not known_b:
        return "unknown"
    # The same day, or the same stated range (two lists that both say "1965").
    if set(known_a) & set(known_b):
        return "same"
    overlap = any(x0 <= y1 and y0 <= x1 for x0, x1 in known_a for y0, y1 in known_b)
    return "compatible" if overlap else "conflict"


def _country_relation(a: _Facts, b: _Facts) -> str:
    if not a.countries or not b.countries:
        return "unknown"
    return "same" if a.countries & b.countries else "different"


def classify(
    name_score: float,
    births: str,
    countries: str,
    unambiguous: bool,
    settings: LinkSettings,
) -> str | None:
    """linked | proposed | None: the evidence rules in one place.

    Sure means a strong name match that nothing contradicts and that is either
    confirmed by the same birth date (or an overlapping one and the same
    nationality), or is the only candidate on the other list (lists such as the UK's
    give no birth dates at all). Everything else worth a look is proposed.
    """
    if births == "conflict" or name_score < settings.propose_score:
        return None
    if name_score >= settings.sure_score and countries != "different":
        if births == "same" or (births == "compatible" and countries == "same"):
            return "linked"
        if births in ("unknown", "compatible") and unambiguous:
            return "linked"
    return "proposed"


def _source_sizes(session: Session) -> dict[str, int]:
    return dict(
        session.execute(
            select(SourceRef.source, func.count(SourceRef.id)).group_by(SourceRef.source)
        ).all()
    )


def _designations_of(session: Session, source: str) -> list[int]:
    return list(session.scalars(select(SourceRef.designation_id).where(SourceRef.source == source)))


def link_source(
    session: Session, source: str, settings: LinkSettings, actor: audit.Actor = audit.CLI
) -> LinkSummary:
    """Link the designations of ``source`` with those of every other source."""
    summary = LinkSummary()
    sizes = _source_sizes(session)
    for other in sorted(s for s in sizes if s != source):
        # Search from the smaller list into the larger one: fewer searches.
        query_side, target = (source, other) if sizes[source] <= sizes[other] else (other, source)
        _link_pair_of_sources(session, query_side, target, settings, summary)
    summary.subjects = rebuild_subjects(session)
    if summary.linked or summary.proposed:
        audit.record(
            session,
            actor,
            "link",
            summary=f"Linking {source} with the other lists: {summary.linked} linked, "
            f"{summary.proposed} proposed",
            details={"source": source, "linked": summary.linked, "proposed": summary.proposed},
        )
    return summary


def _link_pair_of_sources(
    session: Session, query_side: str, target: str, settings: LinkSettings, summary: LinkSummary
) -> None:
    query_ids = _designations_of(session, query_side)
    facts = _facts(session, query_ids)
    existing = {
        (link.designation_a_id, link.designation_b_id): link
        for link in session.scalars(select(SubjectLink))
    }
    for designation_id in query_ids:
        mine = facts[designation_id]
        summary.checked += 1
        best: dict[int, float] = {}
        for name in mine.names[: settings.names_per_designation]:
            results = search(
                session,
                query=name,
                filters=SearchFilters(status="all", kind=mine.kind, source=target),
                threshold=settings.propose_score,
                candidate_limit=settings.candidate_limit,
                max_results=settings.max_candidates,
                group_subjects=False,
            )
            for hit in results.hits:
                score = hit.match.name_match.score
                best[hit.designation_id] = max(best.get(hit.designation_id, 0.0), score)
        if not best:
            continue
        theirs = _facts(session, list(best))
        # Only strong candidates compete: a weaker namesake does not make a pair unsure.
        unambiguous = sum(score >= settings.sure_score for score in best.values()) == 1
        for other_id, name_score in best.items():
            births = _birth_relation(mine, theirs[other_id])
            countries = _country_relation(mine, theirs[other_id])
            status = classify(name_score, births, countries, unambiguous, settings)
            if status is None:
                continue
            pair = (min(designation_id, other_id), max(designation_id, other_id))
            evidence = [
                f"name {name_score:.2f}",
                f"birth dates {births}",
                f"nationality {countries}",
            ]
            link = existing.get(pair)
            if link is None:
                link = SubjectLink(
                    designation_a_id=pair[0],
                    designation_b_id=pair[1],
                    score=name_score,
                    status=status,
                    method="automatic",
                    evidence=evidence,
                )
                session.add(link)
                existing[pair] = link
            elif link.method == "editor" or link.status == "rejected":
                summary.unchanged += 1
                continue  # a person decided: a rerun never overrides them
            elif HELD_BACK in (link.evidence or []):
                summary.unchanged += 1
                continue  # it would join a pair an editor rejected: an editor resolves it
            elif (link.status, round(link.score, 4)) == (status, round(name_score, 4)):
                summary.unchanged += 1
                continue
            else:
                link.status, link.score, link.evidence = status, name_score, evidence
            summary.linked += status == "linked"
            summary.proposed += status == "proposed"


def decide(session: Session, link_id: int, confirm: bool, actor: audit.Actor) -> SubjectLink | None:
    """An editor confirms or rejects a proposed (or automatic) link. Commits.

    None (nothing written) when there is no such link.
    """
    link = session.get(SubjectLink, link_id)
    if link is None:
        session.rollback()
        return None
    try:
        _decide(session, link, confirm, actor)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return link


def link_sources(
    session: Session, sources: list[str], settings: LinkSettings
) -> list[tuple[str, LinkSummary]]:
    """Link each source with the other lists (``flask link``), in one transaction. Commits."""
    try:
        summaries = [(source, link_source(session, source, settings)) for source in sources]
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return summaries


def _decide(session: Session, link: SubjectLink, confirm: bool, actor: audit.Actor) -> None:
    before = link.status
    link.status = "linked" if confirm else "rejected"
    link.method = "editor"
    link.decided_at = datetime.now(UTC)
    link.decided_by = actor.name
    session.flush()
    rebuild_subjects(session)
    for designation_id in (link.designation_a_id, link.designation_b_id):
        audit.record(
            session,
            actor,
            "link-confirm" if confirm else "link-reject",
            designation_id=designation_id,
            summary=f"Link {link.designation_a_id} ~ {link.designation_b_id}: "
            f"{before} -> {link.status}",
            changes={"link": [before, link.status]},
            details={"link_id": link.id, "score": link.score, "evidence": link.evidence},
        )
