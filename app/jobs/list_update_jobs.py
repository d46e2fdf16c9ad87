"""List update jobs: "update now" on Admin -> Lists, run by the job runner.

A job downloads and imports the lists it names one after the other, as the editor who
queued it (``flask update`` does the same work as "cli"); every attempt is recorded in
``list_updates`` as before. Cancelling stops it before the next list; the list being
imported then finishes (its import is one transaction).
"""

from __future__ import annotations

from app.extensions import db
from app.jobs.runner import JobContext, JobRefused, handler
from app.models import User
from app.models.job import FINISHED_STATES, Job
from app.runners import run_updates
from app.services import list_updates
from app.services.audit import CLI, Actor

LIST_UPDATE = "list-update"


def label_for(sources: list[str]) -> str:
    return f"Update {', '.join(sources) if sources else 'all lists'} from the official sources"


def updates_in_progress() -> list[Job]:
    """Jobs that update lists and have not finished: "update now" and the scheduled
    ``flask update`` (kind ``command``), oldest first."""
    from app.jobs.schedule import COMMAND

    unfinished = db.session.scalars(
        db.select(Job)
        .where(Job.kind.in_((LIST_UPDATE, COMMAND)), Job.state.not_in(FINISHED_STATES))
        .order_by(Job.created_at)
    ).all()
    return [
        job
        for job in unfinished
        if job.kind == LIST_UPDATE or (job.params or {}).get("args", [None])[:1] == ["update"]
    ]


@handler(LIST_UPDATE)
def update(ctx: JobContext) -> dict:
    sources = [str(s) for s in ctx.params.get("sources") or list(list_updates.SOURCES)]
    unknown = list_updates.unknown_sources(sources)
    if unknown:
        raise JobRefused(f"Unknown list {', '.join(unknown)}.")
    user = db.session.get(User, ctx.user_id) if ctx.user_id else None
    actor = Actor.for_user(user) if user is not None else CLI
    db.session.rollback()
    lines, failed = [], []
    for done, source in enumerate(sources):
        ctx.progress(done, len(sources), message=f"Updating {source}…")  # cancel: stop here
        for outcome in run_updates([source], actor):
            lines.append(f"{outcome.source}: {outcome.outcome}: {outcome.message}")
            if not outcome.ok:
                failed.append(outcome.source)
    ctx.done = len(sources)
    text = "\n".join(lines)
    if failed:
        raise JobRefused(f"Update failed for {', '.join(failed)}:\n{text}")
    ctx.message = f"Updated {', '.join(sources)}."
    return {"output": text}
