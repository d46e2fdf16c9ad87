"""Subjects: groups of designations of different lists linked as one person or entity."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from app.models import Designation, SubjectLink, SubjectMember
from app.services.subject_graph import HELD_BACK, Edge, Resolution, adjacency, path, resolve


def _edges(session: Session) -> list[Edge]:
    return [
        Edge(*row)
        for row in session.execute(
            select(
                SubjectLink.id,
                SubjectLink.designation_a_id,
                SubjectLink.designation_b_id,
                SubjectLink.status,
                SubjectLink.method,
                SubjectLink.score,
            )
        )
    ]


def rebuild_subjects(session: Session) -> int:
    """Recompute subject_members from the links; return the number of subjects.

    Automatic links that would join two designations an editor rejected as a pair
    (directly or through other lists) are held back: they become proposals again,
    for an editor to resolve (see ``services.subject_graph``).
    """
    resolution = resolve(_edges(session))
    for edge, _pair in resolution.held_back:
        link = session.get(SubjectLink, edge.id)
        if link is not None and link.status == "linked" and link.method != "editor":
            link.status = "proposed"
            link.evidence = [*[e for e in link.evidence or [] if e != HELD_BACK], HELD_BACK]
    members = resolution.subject_of
    current = dict(
        session.execute(select(SubjectMember.designation_id, SubjectMember.subject_id)).all()
    )
    if current != members:
        session.execute(delete(SubjectMember))
        session.flush()
        session.add_all(SubjectMember(designation_id=d, subject_id=s) for d, s in members.items())
    session.flush()
    return len(set(members.values()))


@dataclass
class LinkContext:
    """What the admin page says of a pair beyond its evidence."""

    kind: str  # "same subject" (already one through other links) | "held back"
    path: list[Designation]
    rejected: tuple[Designation, Designation] | None = None  # the pair an editor rejected


def link_contexts(session: Session, links: list[SubjectLink]) -> dict[int, LinkContext]:
    """For pairs not linked: already one subject (and through what), or held back (why)."""
    edges = _edges(session)
    resolution = resolve(edges)
    applied = adjacency(resolution.applied)
    held = {edge.id: pair for edge, pair in resolution.held_back}
    rejected = [e for e in edges if e.status == "rejected"]
    paths: dict[int, tuple[str, list[int], tuple[int, int] | None]] = {}
    for link in links:
        if link.status == "linked":
            continue
        a, b = link.designation_a_id, link.designation_b_id
        if resolution.same_subject(a, b):
            steps = path(applied, a, b)
            if steps:
                paths[link.id] = ("same subject", steps, None)
        elif link.id in held or (pair := _would_join_rejected(resolution, rejected, a, b)):
            u, v = held.get(link.id) or pair
            if resolution.same_subject(u, a) or u == a:
                first, second = path(applied, u, a) or [u], path(applied, b, v) or [v]
            else:
                first, second = path(applied, v, a) or [v], path(applied, b, u) or [u]
            paths[link.id] = ("held back", first + second, (u, v))
    ids = {i for _kind, steps, pair in paths.values() for i in [*steps, *(pair or ())]}
    loaded = {
        d.id: d
        for d in session.scalars(
            select(Designation)
            .where(Designation.id.in_(ids))
            .options(selectinload(Designation.source_refs))
        )
    }
    return {
        link_id: LinkContext(
            kind,
            [loaded[i] for i in steps if i in loaded],
            (loaded[pair[0]], loaded[pair[1]]) if pair else None,
        )
        for link_id, (kind, steps, pair) in paths.items()
    }


def _would_join_rejected(
    resolution: Resolution, rejected: list[Edge], a: int, b: int
) -> tuple[int, int] | None:
    """A rejected pair (not a-b itself) that linking a and b would put into one subject."""
    group_a = resolution.members_of(a)
    group_b = resolution.members_of(b)
    for e in rejected:
        if {e.a, e.b} != {a, b} and (
            (e.a in group_a and e.b in group_b) or (e.a in group_b and e.b in group_a)
        ):
            return (e.a, e.b)
    return None


def subject_groups(session: Session, designation_ids: list[int]) -> dict[int, list[int]]:
    """For each designation, every designation of its subject (itself included)."""
    subject_of = dict(
        session.execute(
            select(SubjectMember.designation_id, SubjectMember.subject_id).where(
                SubjectMember.designation_id.in_(designation_ids)
            )
        ).all()
    )
    members: dict[int, list[int]] = defaultdict(list)
    if subject_of:
        for d_id, s_id in session.execute(
            select(SubjectMember.designation_id, SubjectMember.subject_id).where(
                SubjectMember.subject_id.in_(set(subject_of.values()))
            )
        ):
            members[s_id].append(d_id)
    return {
        d_id: sorted(members[subject_of[d_id]]) if d_id in subject_of else [d_id]
        for d_id in designation_ids
    }
