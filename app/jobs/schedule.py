"""Periodic jobs: the registry of what may run on a schedule, and the schedule itself.

``PERIODIC_JOBS`` names each job that may be scheduled and the ``flask`` command it
runs; ``JOBS_SCHEDULE`` (config.py) says when, as cron fields, e.g.
``JOBS_SCHEDULE="update-lists=0 4 * * *"``. Nothing runs on a schedule unless that
setting names it. To make another command schedulable, add one entry here.

Each run is an ordinary job (kind ``command``, queued by "schedule"), with its record
and page. When several consumers run (web threads and workers, several machines),
each scheduled minute is queued once: the first consumer to claim it in the queue's
shared storage does.
"""

from __future__ import annotations

import io
import logging
from contextlib import redirect_stderr, redirect_stdout
from datetime import UTC, datetime

import click
from flask.cli import ScriptInfo
from huey import crontab

from app.jobs.runner import JobContext, JobRefused, JobRunner, handler

log = logging.getLogger(__name__)
COMMAND = "command"

# Schedulable job name -> the flask command (and arguments) it runs.
PERIODIC_JOBS: dict[str, list[str]] = {
    # `flask update`: fetch the current lists and import what changed (lists issue).
    "update-lists": ["update"],
    "reindex-if-stale": ["reindex", "--if-stale"],
}
# Output of a command kept in its job's record.
MAX_OUTPUT_CHARS = 20_000


def parse_schedule(text: str) -> dict[str, str]:
    """``"name=m h dom mon dow; other=..."`` as {name: cron}; ValueError if malformed."""
    schedule: dict[str, str] = {}
    for part in (text or "").split(";"):
        if not part.strip():
            continue
        name, sep, cron = part.partition("=")
        if not sep or len(cron.split()) != 5:
            raise ValueError(f"JOBS_SCHEDULE: {part.strip()!r} is not NAME=MIN HOUR DAY MONTH DOW")
        schedule[name.strip()] = " ".join(cron.split())
    return schedule


def _crontab(cron: str):  # noqa: ANN202
    minute, hour, day, month, day_of_week = cron.split()
    return crontab(minute, hour, day, month, day_of_week, strict=True)


def register(runner: JobRunner) -> None:
    """Register a periodic Huey task per scheduled entry (checked against the registry)."""
    schedule = runner.config["JOBS_SCHEDULE"] or {}
    if isinstance(schedule, str):
        schedule = parse_schedule(schedule)
        runner.config["JOBS_SCHEDULE"] = schedule
    for name, cron in schedule.items():
        if name not in PERIODIC_JOBS:
            known = ", ".join(sorted(PERIODIC_JOBS))
            raise RuntimeError(f"JOBS_SCHEDULE names {name!r}; the periodic jobs are: {known}")
        try:
            validate = _crontab(cron)
        except ValueError as error:
            raise RuntimeError(f"JOBS_SCHEDULE {name}={cron!r}: {error}") from None

        def fire(name: str = name) -> None:
            queue_periodic(runner, name)

        runner.huey.periodic_task(validate, name=f"periodic:{name}")(fire)


def queue_periodic(runner: JobRunner, name: str) -> str | None:
    """Queue the periodic job ``name`` once for this minute; its job id, or None if
    another consumer already did."""
    minute = datetime.now(UTC).strftime("%Y%m%d%H%M")
    if not runner.huey.storage.put_if_empty(f"periodic:{name}:{minute}", b"1"):
        return None
    from app.jobs.files import new_token

    with runner.app.app_context():
        from app.extensions import db

        try:
            job = runner.submit(
                new_token(),
                COMMAND,
                f"Scheduled: flask {' '.join(PERIODIC_JOBS[name])}",
                {"args": PERIODIC_JOBS[name], "schedule": name},
                queued_by="schedule",
            )
            return job.id
        finally:
            db.session.remove()


@handler(COMMAND)
def run_command(ctx: JobContext) -> dict:
    """Run a flask command of this app in the job (its output kept in the record)."""
    args = [str(a) for a in ctx.params.get("args", [])]
    if not args:
        raise JobRefused("No command to run.")
    group = ctx.app.cli
    info = ScriptInfo(create_app=lambda: ctx.app)
    with click.Context(group, info_name="flask", obj=info) as parent:
        command = group.get_command(parent, args[0])
        if command is None:
            raise JobRefused(f"This app has no command `flask {args[0]}`.")
        ctx.progress(message=f"Running flask {' '.join(args)}")
        output = io.StringIO()
        code = 0
        try:
            with redirect_stdout(output), redirect_stderr(output):
                with command.make_context(args[0], args[1:], parent=parent) as context:
                    command.invoke(context)
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        except click.ClickException as error:
            output.write(error.format_message())
            code = error.exit_code
    text = output.getvalue()[-MAX_OUTPUT_CHARS:]
    if code:
        raise JobRefused(f"flask {' '.join(args)} exited with {code}:\n{text}")
    return {"output": text}
