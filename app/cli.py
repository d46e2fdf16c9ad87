"""Flask commands: seed, import, reindex, create-user, create-token, screen."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, select

from app.extensions import db
from app.models import ROLES, Designation, SourceRef
from app.runners import run_import, screening_settings
from app.services import accounts, screening, search_index
from app.services.audit import CLI
from app.services.importing.errors import SourceFileError
from app.services.importing.loader import ImportSummary
from app.services.list_updates_runner import list_date_cells
from app.wording import counted

# How often (in records) the import prints its progress.
PROGRESS_EVERY = 1000


def _progress(done: int, total: int) -> None:
    if done % PROGRESS_EVERY == 0 or done == total:
        click.echo(f"  {done:,}/{total:,} records", err=True)


def _report(summary: ImportSummary) -> None:
    for error in summary.errors:
        click.echo(f"skipped: {error}", err=True)
    for file_name, count in summary.unknown_entry_rows.items():
        if count:
            click.echo(
                f"skipped: {counted(count, 'row')} of {file_name} "
                f"{'names' if count == 1 else 'name'} an entry not in the list",
                err=True,
            )
    for warning in summary.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(
        f"{summary.source}: created {summary.created}, updated {summary.updated}, "
        f"unchanged {summary.unchanged}, skipped {summary.skipped}, "
        f"delisted {summary.delisted}, relisted {summary.relisted}"
        + (f", links resolved {summary.links_resolved}" if summary.links_resolved else "")
    )
    if summary.subjects_linked or summary.subjects_proposed:
        click.echo(
            f"same subject on other lists: {summary.subjects_linked} linked, "
            f"{summary.subjects_proposed} proposed for an editor to confirm"
        )
    if not summary.changed:
        click.echo("Nothing changed: the database already holds this data.")


def _import(
    format_name: str,
    path: Path,
    *,
    full_list: bool = True,
    force: bool = False,
    queue: bool = False,
) -> None:
    if queue:  # a background job: the running app's consumer (or a worker) takes it
        from app.jobs.cli import queue_import

        job = queue_import(format_name, path, force=force)
        click.echo(
            f"Queued import job {job.id}: see /admin/jobs/{job.id} or `flask jobs show {job.id}`."
        )
        return
    click.echo(f"Importing {format_name} from {path} ...", err=True)
    try:
        summary = run_import(
            format_name, path, progress=_progress, full_list=full_list, force=force
        )
    except SourceFileError as error:
        click.echo(f"Import refused, nothing was changed: {error}", err=True)
        sys.exit(1)
    _report(summary)


@click.group("import", cls=AppGroup)
def import_group() -> None:
    """Import a sanctions list file into the database."""


_force = click.option(
    "--force",
    is_flag=True,
    help="Import even if the file would delist more than IMPORT_MAX_DELIST_SHARE of the list.",
)
_queue = click.option(
    "--queue",
    is_flag=True,
    help="Queue it as a background job (run by the app or `flask worker`) and return.",
)
_file = click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))


@import_group.command("ofac-csv")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@_force
@_queue
def import_ofac_csv(directory: Path, force: bool, queue: bool) -> None:
    """OFAC legacy CSV set: sdn.csv, alt.csv, add.csv, sdn_comments.csv in DIRECTORY."""
    _import("ofac-csv", directory, force=force, queue=queue)


@import_group.command("un-xml")
@_file
@_force
@_queue
def import_un_xml(file: Path, force: bool, queue: bool) -> None:
    """UN Security Council consolidated list (XML)."""
    _import("un-xml", file, force=force, queue=queue)


@import_group.command("uk-csv")
@_file
@_force
@_queue
def import_uk_csv(file: Path, force: bool, queue: bool) -> None:
    """UK Sanctions List (FCDO) export saved as CSV."""
    _import("uk-csv", file, force=force, queue=queue)


@import_group.command("uk-ods")
@_file
@_force
@_queue
def import_uk_ods(file: Path, force: bool, queue: bool) -> None:
    """UK Sanctions List (FCDO) export as published, ODS."""
    _import("uk-ods", file, force=force, queue=queue)


@import_group.command("canada-xml")
@_file
@_force
@_queue
def import_canada_xml(file: Path, force: bool, queue: bool) -> None:
    """Consolidated Canadian Autonomous Sanctions List (XML)."""
    _import("canada-xml", file, force=force, queue=queue)


@import_group.command("ftm")
@_file
@_force
def import_ftm(file: Path, force: bool) -> None:
    """FollowTheMoney entities, one JSON object per line (ours, or another list's)."""
    _import("ftm", file, force=force)


@click.group("export", cls=AppGroup)
def export_group() -> None:
    """Export the database in another format."""


@export_group.command("ftm")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def export_ftm(file: Path) -> None:
    """Every subject, sanction and identity document as FollowTheMoney JSON Lines."""
    from app.services.ftm_export import iter_ftm_lines

    count = 0
    with file.open("w", encoding="utf-8") as out:
        for line in iter_ftm_lines(db.session):
            out.write(line)
            count += 1
    click.echo(f"Wrote {count:,} FtM entities to {file}.")


@import_group.command("au-xlsx")
@_file
@_force
@_queue
def import_au_xlsx(file: Path, force: bool, queue: bool) -> None:
    """Australia's Consolidated List (DFAT), Excel workbook (.xlsx) as published."""
    _import("au-xlsx", file, force=force, queue=queue)


# The seed: (format, path under SEED_DATA_DIR). Each is a subset of its list, so it is
# imported under the list's source id but as a partial file: it must not delist the rest
# of a full list imported before.
SEED_FILES = (
    ("ofac-csv", "ofac"),
    ("uk-csv", "uk/uk_magnitsky_2025-08-11.csv"),
    ("canada-xml", "canada/jvcfor_2020-04.xml"),
    ("au-xlsx", "au/au_thematic_2026-02.xlsx"),
)


@click.command("seed")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Only seed when there are no designations yet.")
def seed(if_empty: bool) -> None:
    """Load the Magnitsky designations in seed_data/ (US, UK, Canada, Australia; idempotent)."""
    if if_empty and db.session.scalar(select(func.count(Designation.id))):
        click.echo("The database already has designations: seed skipped.")
        return
    seed_dir = Path(current_app.config["SEED_DATA_DIR"])
    for format_name, path in SEED_FILES:
        _import(format_name, seed_dir / path, full_list=False)


@click.command("update")
@with_appcontext
@click.argument("sources", nargs=-1)
def update(sources: tuple[str, ...]) -> None:
    """Download the lists from their official sources and import what changed.

    SOURCES: ofac, un, uk, canada, au (none: all). URLs: LIST_SOURCES in config.py.
    Exits with status 1, naming them, when any source failed.
    """
    from app.services import list_updates
    from app.services.list_updates_runner import run_updates

    unknown = list_updates.unknown_sources(list(sources))
    if unknown:
        click.echo(
            f"Unknown source {', '.join(unknown)}: choose from {', '.join(list_updates.SOURCES)}.",
            err=True,
        )
        sys.exit(2)
    outcomes = run_updates(list(dict.fromkeys(sources)))
    for outcome in outcomes:
        click.echo(f"{outcome.source}: {outcome.outcome}: {outcome.message}")
    failed = [o.source for o in outcomes if not o.ok]
    if failed:
        click.echo(f"Update failed for {', '.join(failed)}.", err=True)
        sys.exit(1)


@click.command("reindex")
@with_appcontext
@click.option(
    "--if-stale",
    is_flag=True,
    help="Only if the index was built with other keys than this version's matcher.",
)
def reindex(if_stale: bool) -> None:
    """Rebuild the name-search index from the stored names."""
    if if_stale and not search_index.is_stale(db.session):
        click.echo("The search index is current.")
        return
    written = search_index.rebuild(db.session)
    db.session.commit()
    click.echo(f"Indexed {written:,} keys.")


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="editor", show_default=True)
def create_user(email: str, role: str) -> None:
    """Create a staff account; the password is asked for, never given on the command line."""
    password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = accounts.create_user(
            db.session, email, password, role, current_app.config["PASSWORD_MIN_LENGTH"], CLI
        )
    except accounts.AccountError as error:
        db.session.rollback()
        click.echo(f"Account not created: {error.message}", err=True)
        sys.exit(1)
    click.echo(f"Created {user.role} account {user.email}.")


def _screening_progress(summary: screening.ScreeningSummary) -> None:
    if summary.rows % PROGRESS_EVERY == 0:
        click.echo(f"  {summary.rows:,} rows", err=True)


@click.command("screen")
@with_appcontext
@click.argument("input_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the results (CSV).",
)
@click.option("--threshold", type=click.FloatRange(0, 1), help="Minimum score of a match.")
@click.option("--workers", type=click.IntRange(1), help="Processes; default SCREENING_CLI_WORKERS.")
@click.option("--base-url", default="", help="Prefix for designation links, e.g. https://host.")
@click.option("--excel", is_flag=True, help="Start OUTPUT with a UTF-8 BOM, for spreadsheets.")
@click.option("--user", "user_email", help="Store the run under this account, for review.")
def screen(
    input_file: Path,
    output: Path,
    threshold: float | None,
    workers: int | None,
    base_url: str,
    excel: bool,
    user_email: str | None,
) -> None:
    """Screen a CSV of names; write each row with its matched subjects to OUTPUT.

    With --user the run is also stored under that account (its screening records)."""
    config = current_app.config
    user = _account(user_email) if user_email else None
    with input_file.open("rb") as source:
        try:
            layout = screening.inspect_csv(source)
        except screening.ScreeningFileError as error:
            click.echo(f"File refused: {error}", err=True)
            sys.exit(1)
    settings = screening_settings(threshold)
    workers = workers or config["SCREENING_CLI_WORKERS"]
    chunk_size = config["SCREENING_CHUNK_ROWS"]
    base = base_url.rstrip("/")
    list_dates = list_date_cells()  # the list_dates column, read before workers start
    with (
        screening.open_text_file(input_file, layout.encoding) as text,
        output.open("w", encoding="utf-8", newline="") as out,
    ):
        rows = screening.read_rows(text, layout, settings.max_name_length)
        if workers > 1:
            db.session.remove()  # the workers open their own connections
            chunks = screening.screen_in_processes(
                config["SQLALCHEMY_DATABASE_URI"], rows, settings, workers, chunk_size
            )
        else:
            chunks = screening.screen_in_session(db.session, rows, settings, chunk_size)
        kept: list[screening.ScreenedRow] = []
        if user is not None:
            chunks = _keeping(chunks, kept)
        url_of = lambda i: f"{base}/designations/{i}"  # noqa: E731
        summary = screening.write_results(
            chunks,
            layout,
            out,
            url_of,
            _screening_progress,
            list_dates,
            excel_bom=excel,
        )
    click.echo(
        f"Screened {counted(summary.rows, 'row')}: {summary.counts[screening.MATCH]:,} match, "
        f"{summary.counts[screening.NO_MATCH]:,} no match, "
        f"{summary.counts[screening.ERROR]:,} error. Results in {output}."
    )
    if user is not None:
        run = _store_cli_run(user, input_file.name, kept, settings.threshold)
        click.echo(f"Stored as screening run {run.id} of {user.email}.")


def _account(email: str):  # noqa: ANN202
    user = accounts.get_user_by_email(db.session, email)
    if user is None or not user.active:
        click.echo(f"No active account {email!r}.", err=True)
        sys.exit(1)
    return user


def _keeping(chunks, kept: list):  # noqa: ANN001, ANN202
    for chunk in chunks:
        kept.extend(chunk)
        yield chunk


def _store_cli_run(user, file_name: str, screened: list, threshold: float):  # noqa: ANN001, ANN202
    from app.services import list_versions, screening_records

    user = db.session.merge(user)
    versions = list_versions.list_versions(db.session, current_app.config["LIST_STALE_AFTER_DAYS"])
    return screening_records.store_run(
        db.session,
        user=user,
        origin="cli",
        label=file_name,
        screened=screened,
        threshold=threshold,
        list_versions=[v.as_dict() for v in versions],
    )


@click.command("create-token")
@with_appcontext
@click.argument("email")
@click.option("--name", default="command line", show_default=True, help="What uses the token.")
def create_token(email: str, name: str) -> None:
    """Create an API token for an account; it is printed once, as the last word."""
    from app.services import api_tokens

    user = _account(email)
    try:
        token, text = api_tokens.create_token(db.session, user, name)
    except api_tokens.TokenError as error:
        click.echo(f"Token not created: {error.message}", err=True)
        sys.exit(1)
    click.echo(f"API token {token.name!r} for {user.email} (shown only now): {text}")


@click.command("link")
@click.option("--source", help="Only link this list (e.g. un-consolidated) with the others.")
@with_appcontext
def link(source: str | None) -> None:
    """Link designations of different lists that are the same subject."""
    from app.services.linking import link_settings, link_sources

    sources = (
        [source] if source else sorted(db.session.scalars(select(SourceRef.source).distinct()))
    )
    for name, summary in link_sources(db.session, sources, link_settings(current_app.config)):
        click.echo(
            f"{name}: checked {summary.checked}, linked {summary.linked}, "
            f"proposed {summary.proposed}, unchanged {summary.unchanged}; "
            f"{summary.subjects} subjects span several lists"
        )


def register(app: Flask) -> None:
    app.cli.add_command(import_group)
    app.cli.add_command(export_group)
    app.cli.add_command(seed)
    app.cli.add_command(reindex)
    app.cli.add_command(link)
    app.cli.add_command(create_user)
    app.cli.add_command(create_token)
    app.cli.add_command(screen)
    app.cli.add_command(update)
