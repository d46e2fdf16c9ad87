"""Jobs of a kind that run one at a time: each waits while an earlier one of its kind runs.

Imports use it (each holds the database for its transaction), and monitoring re-screens
(each compares the lists with the hits the one before left). "Earlier" is by
``order_by`` (a Job column: when started, or when queued), then by id; only running
jobs are waited for, so a queued one never holds another up.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import and_, or_, select

from app.extensions import db
from app.jobs.runner import JobContext
from app.models.job import RUNNING, Job


def wait_for_earlier(
    ctx: JobContext, kind: str, order_by: str, message: Callable[[str], str]
) -> None:
    """Return once no earlier job of ``kind`` is running; meanwhile say ``message(label)``
    of the one waited for as the job's progress."""
    column = getattr(Job, order_by)
    mine = db.session.get(Job, ctx.job_id)
    moment = getattr(mine, order_by) if mine else None
    db.session.rollback()
    while moment is not None:
        earlier = db.session.scalar(
            select(Job.label)
            .where(
                Job.kind == kind,
                Job.state == RUNNING,
                Job.id != ctx.job_id,
                or_(column < moment, and_(column == moment, Job.id < ctx.job_id)),
            )
            .limit(1)
        )
        db.session.rollback()
        if earlier is None:
            return
        ctx.progress(message=message(earlier))
        time.sleep(ctx.config["JOBS_POLL_SECONDS"])
