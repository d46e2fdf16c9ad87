"""The job records (table ``jobs``): every state change of a background job.

Flask-free: callers pass the session. Each change is one conditional UPDATE, so two
processes cannot both start a job, and a late "done" from a process that was given
up on cannot overwrite what recovery decided. SQLite lets one writer at a time: a
change made while an import holds the database retries until ``retry_seconds``.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import or_, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.models.job import (
    CANCELLED,
    DONE,
    FAILED,
    INTERRUPTED,
    QUEUED,
    RUNNING,
    Job,
)

T = TypeVar("T")
MESSAGE_LENGTH = 500


def owner_hash(owner_token: str) -> str:
    """What a job record keeps of a browser's owner cookie (never the cookie itself)."""
    return hashlib.sha256(owner_token.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def _retrying(session: Session, change: Callable[[], T], retry_seconds: float) -> T:
    """Run ``change`` and commit; while the database is locked, roll back and try again."""
    deadline = time.monotonic() + retry_seconds
    delay = 0.05
    while True:
        try:
            value = change()
            session.commit()
            return value
        except OperationalError as error:
            session.rollback()
            if "locked" not in str(error).lower() or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


def create(
    session: Session,
    job_id: str,
    kind: str,
    label: str,
    params: dict,
    *,
    user_id: int | None = None,
    owner_token: str | None = None,
    queued_by: str = "",
    total: int | None = None,
    retry_seconds: float = 0,
) -> Job:
    job = Job(
        id=job_id,
        kind=kind,
        label=label[:300],
        params=params,
        user_id=user_id,
        owner_hash=owner_hash(owner_token) if owner_token else None,
        queued_by=queued_by[:300],
        total=total,
        state=QUEUED,
        done=0,
        message="",
        attempts=0,
        cancel_requested=False,
    )

    def add() -> Job:
        session.add(job)
        session.flush()
        return job

    return _retrying(session, add, retry_seconds)


def claim(session: Session, job_id: str, worker: str, retry_seconds: float) -> Job | None:
    """Mark a queued job running in ``worker``; None if it is not queued (any more)."""

    def change() -> int:
        return session.execute(
            update(Job)
            .where(Job.id == job_id, Job.state == QUEUED, Job.cancel_requested.is_(False))
            .values(
                state=RUNNING,
                worker=worker,
                started_at=_now(),
                finished_at=None,
                attempts=Job.attempts + 1,
                error=None,
            )
        ).rowcount

    if not _retrying(session, change, retry_seconds):
        return None
    return session.get(Job, job_id, populate_existing=True)


def finish(
    session: Session,
    job_id: str,
    worker: str,
    state: str,
    *,
    result: dict | None = None,
    error: str | None = None,
    done: int | None = None,
    total: int | None = None,
    message: str | None = None,
    retry_seconds: float = 0,
) -> bool:
    """End a running job of ``worker`` as done, failed, cancelled or interrupted."""
    values: dict = {"state": state}
    if state != INTERRUPTED:
        values["finished_at"] = _now()
    if result is not None:
        values["result"] = result
    if error is not None:
        values["error"] = error
    if done is not None:
        values["done"] = done
    if total is not None:
        values["total"] = total
    if message is not None:
        values["message"] = message[:MESSAGE_LENGTH]

    def change() -> int:
        return session.execute(
            update(Job)
            .where(Job.id == job_id, Job.worker == worker, Job.state == RUNNING)
            .values(**values)
        ).rowcount

    return bool(_retrying(session, change, retry_seconds))


def cancel_queued(session: Session, job_id: str, retry_seconds: float = 0) -> bool:
    """Cancel a job that has not started (queued, or interrupted and waiting to rerun)."""

    def change() -> int:
        return session.execute(
            update(Job)
            .where(Job.id == job_id, Job.state.in_((QUEUED, INTERRUPTED)))
            .values(
                state=CANCELLED,
                finished_at=_now(),
                cancel_requested=True,
                message="Cancelled before it started.",
            )
        ).rowcount

    return bool(_retrying(session, change, retry_seconds))


def retry(session: Session, job_id: str, retry_seconds: float = 0) -> bool:
    """Queue a failed or cancelled job again (its attempts count starts again)."""

    def change() -> int:
        return session.execute(
            update(Job)
            .where(Job.id == job_id, Job.state.in_((FAILED, CANCELLED)))
            .values(
                state=QUEUED,
                error=None,
                result=None,
                attempts=0,
                cancel_requested=False,
                finished_at=None,
                started_at=None,
                worker=None,
                done=0,
                message="Queued again.",
            )
        ).rowcount

    return bool(_retrying(session, change, retry_seconds))


def interrupt_worker(session: Session, worker: str, retry_seconds: float = 0) -> list[str]:
    """Mark every job still running in ``worker`` interrupted (the process is stopping)."""

    def change() -> list[str]:
        ids = list(
            session.scalars(select(Job.id).where(Job.worker == worker, Job.state == RUNNING))
        )
        if ids:
            session.execute(
                update(Job)
                .where(Job.id.in_(ids), Job.state == RUNNING)
                .values(state=INTERRUPTED, message="Interrupted: the server stopped; runs again.")
            )
        return ids

    return _retrying(session, change, retry_seconds)


def recover(
    session: Session,
    worker_is_gone: Callable[[str | None], bool],
    max_attempts: int,
    retry_seconds: float = 0,
) -> list[str]:
    """Queue again the jobs interrupted or left running by a process that is gone.

    A job left running by a dead process that has already been attempted
    ``max_attempts`` times fails instead (it may be what kills the process). The ids of
    the jobs to put back on the queue.
    """
    candidates = session.scalars(
        select(Job).where(or_(Job.state == INTERRUPTED, Job.state == RUNNING))
    ).all()
    requeue: list[str] = []
    for job in candidates:
        if job.state == RUNNING and not worker_is_gone(job.worker):
            continue

        def change(job: Job = job) -> str | None:
            # Only a job whose process died counts against it: one that was stopped
            # (a restart) was not at fault.
            lost = job.state == RUNNING and job.attempts >= max_attempts
            values = (
                {
                    "state": FAILED,
                    "finished_at": _now(),
                    "error": f"The job stopped with its process {job.attempts} times; "
                    "retry it once the cause is fixed.",
                }
                if lost
                else {
                    "state": QUEUED,
                    "message": f"Interrupted (the server stopped); queued again after "
                    f"{job.attempts} attempt(s).",
                }
            )
            changed = session.execute(
                update(Job)
                .where(Job.id == job.id, Job.state == job.state, Job.worker == job.worker)
                .values(**values)
            ).rowcount
            return None if lost or not changed else job.id

        job_id = _retrying(session, change, retry_seconds)
        if job_id:
            requeue.append(job_id)
    session.expire_all()
    return requeue


def queued_ids(session: Session, older_than: datetime) -> list[str]:
    """Jobs queued before ``older_than`` (whose queue message may have been lost)."""
    return list(
        session.scalars(select(Job.id).where(Job.state == QUEUED, Job.created_at < older_than))
    )


def visible_to(
    query, user_id: int | None, is_admin: bool, shared_kinds: Iterable[str]  # noqa: ANN001
):
    """Restrict a select of jobs to what an account may see: its own, and ``shared_kinds``
    (an editor sees every import); an admin sees all."""
    if is_admin:
        return query
    return query.where(or_(Job.user_id == user_id, Job.kind.in_(list(shared_kinds))))


__all__ = [
    "CANCELLED",
    "DONE",
    "FAILED",
    "INTERRUPTED",
    "QUEUED",
    "RUNNING",
    "cancel_queued",
    "claim",
    "create",
    "finish",
    "interrupt_worker",
    "owner_hash",
    "queued_ids",
    "recover",
    "retry",
    "visible_to",
]
