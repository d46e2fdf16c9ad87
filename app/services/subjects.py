"""Subjects: groups of designations of different lists linked as one person or entity."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.models import SubjectLink, SubjectMember


def rebuild_subjects(session: Session) -> int:
    """Recompute subject_members from the linked pairs; return the number of subjects."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in session.execute(
        select(SubjectLink.designation_a_id, SubjectLink.designation_b_id).where(
            SubjectLink.status == "linked"
        )
    ):
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    members = {d_id: find(d_id) for d_id in list(parent)}
    current = dict(
        session.execute(select(SubjectMember.designation_id, SubjectMember.subject_id)).all()
    )
    if current != members:
        session.execute(delete(SubjectMember))
        session.flush()
        session.add_all(SubjectMember(designation_id=d, subject_id=s) for d, s in members.items())
        session.flush()
    return len(set(members.values()))


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
