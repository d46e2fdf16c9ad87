"""The whole database as FollowTheMoney entities, one JSON object per line (JSON Lines).

``iter_ftm_entities`` yields entity dicts subject by subject, reading designations in
batches (the session's identity map holds them weakly), so the export streams;
``iter_ftm_lines`` gives the lines.
Linked designations of one subject are one entity (the subject's first designation
gives its id; the others' ids are its ``referents``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Designation, SubjectMember
from app.services.designations import full_designation_options
from app.services.ftm_entities import subject_entities

BATCH_SIZE = 500


def iter_ftm_entities(session: Session, batch_size: int = BATCH_SIZE) -> Iterator[dict]:
    """Every subject with its sanctions and identity documents, in designation order."""
    subject_of = dict(
        session.execute(select(SubjectMember.designation_id, SubjectMember.subject_id)).all()
    )
    members: dict[int, list[int]] = {}
    for designation_id, subject_id in subject_of.items():
        members.setdefault(subject_id, []).append(designation_id)
    last_id = 0
    while True:
        batch = list(
            session.scalars(
                select(Designation)
                .where(Designation.id > last_id)
                .order_by(Designation.id)
                .limit(batch_size)
                .options(*full_designation_options())
            )
        )
        if not batch:
            return
        last_id = batch[-1].id
        for designation in batch:
            subject_id = subject_of.get(designation.id)
            if subject_id is None:
                yield from subject_entities([designation])
                continue
            if designation.id != min(members[subject_id]):
                continue  # exported with the subject's first designation
            others = sorted(m for m in members[subject_id] if m != designation.id)
            linked = list(
                session.scalars(
                    select(Designation)
                    .where(Designation.id.in_(others))
                    .order_by(Designation.id)
                    .options(*full_designation_options())
                )
            )
            yield from subject_entities([designation, *linked])


def iter_ftm_lines(session: Session) -> Iterator[str]:
    for entity in iter_ftm_entities(session):
        yield json.dumps(entity, ensure_ascii=False) + "\n"
