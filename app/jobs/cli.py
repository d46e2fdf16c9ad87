"""Commands of the job runner: ``flask worker``, ``flask jobs ...``, and queueing an
import from the terminal (``flask import FORMAT PATH --queue``)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from app import jobs
from app.extensions import db
from app.jobs import import_jobs
from app.jobs.files import new_token
from app.models.job import Job


@click.command("worker")
@with_appcontext
def worker() -> None:
    """Run background jobs in this process (for deployments with separate workers)."""
    runner = jobs.runner(current_app)
    if runner.immediate:
        click.echo("JOBS_URL is 'immediate': jobs run where they are queued.", err=True)
        sys.exit(1)
    click.echo(
        f"Worker {runner.worker_id}: {current_app.config['JOBS_WORKERS']} thread(s) on "
        f"{current_app.config['JOBS_URL']}. Ctrl-C stops it; running jobs run again later.",
        err=True,
    )
    runner.run_worker()


def queue_import(format_name: str, path: Path, force: bool = False) -> Job:
    """Copy the list's files into the upload store and queue their import (as "cli")."""
    if format_name == "ofac-csv":
        names = {n: n for n in import_jobs.OFAC_FILES.values() if (path / n).is_file()}
        sources = {n: path / n for n in names}
    else:
        stored = import_jobs.SINGLE_FILES[format_name]
        names, sources = {stored: path.name}, {stored: path}

    def save(folder: Path) -> None:
        for stored_name, source in sources.items():
            shutil.copyfile(source, folder / stored_name)

    app = current_app._get_current_object()
    token = import_jobs.store_upload(app, format_name, names, None, save)
    description = ", ".join(names.values()) or path.name
    job_id = new_token()
    import_jobs.note_job(app, token, "import_job", job_id)
    return jobs.submit(
        import_jobs.IMPORT,
        f"Import {format_name}: {description}",
        {"token": token, "format": format_name, "files": names, "force": force},
        job_id=job_id,
        queued_by="cli",
    )


@click.group("jobs", cls=AppGroup)
def jobs_group() -> None:
    """Background jobs: list them, show one, cancel one."""


@jobs_group.command("list")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
def list_jobs(limit: int) -> None:
    """The most recent jobs, newest first."""
    for job in db.session.scalars(select(Job).order_by(Job.created_at.desc()).limit(limit)):
        status = jobs.status(job)
        progress = f"{status['done']:,}/{status['total']:,}" if status["total"] else ""
        click.echo(
            f"{job.id}  {job.state:<11} {job.created_at:%Y-%m-%d %H:%M}  {job.kind:<14} "
            f"{progress:>15}  {job.label}"
        )


@jobs_group.command("show")
@click.argument("job_id")
def show_job(job_id: str) -> None:
    """One job's record and progress."""
    job = jobs.find(job_id)
    if job is None:
        click.echo(f"No job {job_id}.", err=True)
        sys.exit(1)
    for key, value in jobs.status(job).items():
        if value not in (None, "", {}):
            click.echo(f"{key}: {value}")
    if job.result:
        click.echo(f"result: {job.result}")


@jobs_group.command("cancel")
@click.argument("job_id")
def cancel_job(job_id: str) -> None:
    """Cancel a queued or running job."""
    job = jobs.find(job_id)
    if job is None:
        click.echo(f"No job {job_id}.", err=True)
        sys.exit(1)
    state = jobs.cancel(job)
    click.echo(
        {None: "The job had already finished.", "running": "The job stops at its next step."}.get(
            state, "Cancelled."
        )
    )


def register(app: Flask) -> None:
    app.cli.add_command(worker)
    app.cli.add_command(jobs_group)
