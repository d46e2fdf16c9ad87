"""Monitoring jobs: re-screening after an import, first screening of added rows, webhooks.

=================  ===============================================  =====================
kind               what it does                                     queued by
=================  ===============================================  =====================
monitor-rescreen   re-screens every monitored list against what     every import that
                   one import changed; writes the digests           changed something
monitor-baseline   screens rows added to a monitored list against   adding rows (API,
                   the whole database, so their matches are known   CSV upload)
monitor-full       re-screens a whole monitored list against the    "Re-screen in full"
                   whole database; a digest of what is new         (page, API)
webhook-delivery   one attempt at posting a digest to its list's    a digest; a failed
                   webhook; a failure queues the next attempt       attempt (back-off)
                   after WEBHOOK_RETRY_DELAYS_SECONDS
=================  ===============================================  =====================

``after_import`` is the one hook every import path calls (``app.runners.run_import``:
browser imports, ``flask import``, ``flask update``, the scheduled update) once the
import's transaction has committed. It only queues: the re-screen, and each webhook
delivery, run on the job runner (the CLI queues, the running app's consumer runs
them), so a failing or slow webhook never blocks, slows or undoes an import.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from app import jobs
from app.extensions import db
from app.jobs.files import new_token
from app.jobs.one_at_a_time import wait_for_earlier
from app.jobs.runner import JobContext, JobRunner, handler
from app.models import AuditEntry
from app.models.monitoring import DELIVERY_PENDING, MonitoredList, WebhookDelivery
from app.services import job_records, monitor_full, monitor_rescreen, webhooks
from app.services.importing.loader import ImportSummary
from app.services.monitoring import MonitorSettings, webhook_settings

log = logging.getLogger(__name__)

RESCREEN, BASELINE, FULL, WEBHOOK = (
    "monitor-rescreen",
    "monitor-baseline",
    "monitor-full",
    "webhook-delivery",
)
# How many recent import entries are read to find the one an import just wrote.
_RECENT_IMPORTS = 20


def _import_entry(summary: ImportSummary) -> int | None:
    """The audit trail's entry of the import that just committed (the newest of its list)."""
    entries = db.session.execute(
        select(AuditEntry.id, AuditEntry.details)
        .where(AuditEntry.action == "import")
        .order_by(AuditEntry.id.desc())
        .limit(_RECENT_IMPORTS)
    )
    for entry_id, details in entries:
        if (details or {}).get("source") == summary.source:
            return entry_id
    return None


def after_import(summary: ImportSummary) -> None:
    """Queue the re-screen of the monitored lists after a committed import that changed
    something. Never raises: the import is done whatever happens here."""
    if not summary.changed:
        return
    try:
        if db.session.scalar(select(MonitoredList.id).limit(1)) is None:
            return  # nobody monitors anything: no job to record
        import_id = _import_entry(summary)
        db.session.rollback()  # end the read before the job's record is written
        if import_id is None:
            return
        jobs.submit(
            RESCREEN,
            f"Re-screen monitored lists after the import of {summary.source}",
            {"import_id": import_id},
        )
    except Exception:
        db.session.rollback()
        log.exception("Could not queue the re-screen of monitored lists after an import")


def queue_baseline(list_id: int, label: str, user_id: int | None) -> None:
    jobs.submit(BASELINE, f"First screening of rows added to {label}", {"list_id": list_id},
                user_id=user_id)  # fmt: skip


def queue_full(list_id: int, label: str, user_id: int | None) -> str:
    job = jobs.submit(FULL, f"Full re-screen of {label}", {"list_id": list_id}, user_id=user_id)
    return job.id


def queue_deliveries(digest_ids: list[int]) -> None:
    """A delivery job for each pending webhook delivery of the digests."""
    if not digest_ids:
        return
    pending = db.session.scalars(
        select(WebhookDelivery.id).where(
            WebhookDelivery.digest_id.in_(digest_ids), WebhookDelivery.state == DELIVERY_PENDING
        )
    ).all()
    db.session.rollback()
    for delivery_id in pending:
        jobs.submit(WEBHOOK, f"Webhook delivery {delivery_id}", {"delivery_id": delivery_id})


def _submit_later(runner: JobRunner, params: dict, label: str, delay: float) -> str:
    """Record a delivery job and queue it to run after ``delay`` seconds."""
    job = job_records.create(
        db.session,
        new_token(),
        WEBHOOK,
        label,
        params,
        retry_seconds=runner.config["JOBS_DB_RETRY_SECONDS"],
    )
    # The runner's task, scheduled: Huey keeps it until it is due (the job's record says
    # "queued" meanwhile); the claim still makes it run once.
    runner._task.schedule(args=(job.id,), delay=delay)  # noqa: SLF001
    return job.id


@handler(RESCREEN)
def rescreen(ctx: JobContext) -> dict:
    settings = MonitorSettings.from_config(ctx.config)
    wait_for_earlier(
        ctx, RESCREEN, "created_at", lambda _: "Waiting for the re-screen after an earlier import"
    )
    ctx.progress(message="Re-screening monitored lists against the import's changes")
    digests = monitor_rescreen.rescreen_after_import(
        db.session, int(ctx.params["import_id"]), settings, ctx.config["LIST_STALE_AFTER_DAYS"]
    )
    ids = [d.id for d in digests]
    ctx.message = f"{len(ids)} digest(s) written."
    queue_deliveries(ids)
    return {"digests": ids}


@handler(BASELINE)
def baseline(ctx: JobContext) -> dict:
    from app.runners import screening_settings

    monitored = db.session.get(MonitoredList, int(ctx.params["list_id"]))
    if monitored is None:
        return {"screened": 0}
    ctx.progress(message=f"Screening the rows added to {monitored.name}")
    screened = monitor_full.baseline(db.session, monitored, screening_settings(monitored.threshold))
    ctx.message = f"{screened} row(s) screened."
    return {"screened": screened}


@handler(FULL)
def full(ctx: JobContext) -> dict:
    from app.runners import screening_settings

    monitored = db.session.get(MonitoredList, int(ctx.params["list_id"]))
    if monitored is None:
        return {"digests": []}
    ctx.progress(message=f"Re-screening {monitored.name} against the whole database")
    settings = MonitorSettings.from_config(ctx.config)
    screen = monitor_full.in_session(db.session, screening_settings(monitored.threshold))
    digest = monitor_full.full_rescreen(
        db.session, monitored, screen, settings, ctx.config["LIST_STALE_AFTER_DAYS"]
    )
    ids = [digest.id] if digest is not None else []
    ctx.message = "A digest was written." if ids else "Nothing new: no digest."
    queue_deliveries(ids)
    return {"digests": ids}


@handler(WEBHOOK)
def deliver(ctx: JobContext) -> dict:
    delivery_id = int(ctx.params["delivery_id"])
    delay = webhooks.deliver(db.session, delivery_id, webhook_settings(ctx.config), ctx.job_id)
    if delay is None:
        return {"delivery_id": delivery_id}
    next_job = _submit_later(
        ctx.runner, {"delivery_id": delivery_id}, f"Webhook delivery {delivery_id} (retry)", delay
    )
    ctx.message = f"The attempt failed; the next one in {delay:g} s (job {next_job})."
    return {"delivery_id": delivery_id, "next_job": next_job}
