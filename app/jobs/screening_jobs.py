"""Screening jobs: an uploaded CSV of names screened into a result CSV; stored runs.

``screening`` (anonymous uploads) keeps nothing but the result file. ``screening-run``
screens a stored run of a signed-in account (an upload or a large API batch) row by
row into the database, resuming where it stopped after a restart; an upload's result
CSV is then written from the stored rows.

Input and result live in the screening store (``SCREENING_JOB_DIR``) under the job's
own token: ``input.csv`` as uploaded (until the job is done), ``result.csv`` once it is;
a cancelled job's files go at once, the others after SCREENING_JOB_MAX_AGE_SECONDS. The result
is written to a temporary file and renamed into place at the end, so it is either
whole or absent: a job interrupted half-way (a restart) simply runs again.
"""

from __future__ import annotations

from app.extensions import db
from app.jobs import screening_store
from app.jobs.files import write_atomically
from app.jobs.runner import JobCancelled, JobContext, JobInterrupted, JobRefused, handler
from app.models.screening_record import RUN_CANCELLED, RUN_FAILED
from app.runners import screening_settings
from app.services import list_versions, screening
from app.services import screening_records as records
from app.services.list_updates_runner import list_date_cells

SCREENING = "screening"
# A stored run of a signed-in account (services.screening_records): an upload or an API batch.
SCREENING_RUN = "screening-run"
INPUT_FILE = "input.csv"
RESULT_FILE = "result.csv"


def layout_of(params: dict) -> screening.CsvLayout:
    return screening.CsvLayout(
        params["encoding"], params["delimiter"], list(params["columns"]), dict(params["roles"])
    )


@handler(SCREENING)
def screen(ctx: JobContext) -> dict:
    params = ctx.params
    store = screening_store(ctx.app)
    folder = store.folder(params["token"])
    source = folder / INPUT_FILE
    if not source.is_file():
        raise JobRefused(f"{params['file_name']} is no longer kept: upload it again.")
    layout = layout_of(params)
    settings = screening_settings(float(params["threshold"]))
    prefix = params["url_prefix"]
    ctx.progress(0, message="Screening", counts=dict.fromkeys(screening.STATUSES, 0))

    def progress(summary: screening.ScreeningSummary) -> None:
        ctx.progress(summary.rows, counts=dict(summary.counts))

    summary = screening.ScreeningSummary()

    def write(temporary) -> None:  # noqa: ANN001
        nonlocal summary
        with (
            screening.open_text_file(source, layout.encoding) as text,
            temporary.open("w", encoding="utf-8", newline="") as out,
        ):
            rows = screening.read_rows(text, layout, settings.max_name_length)
            chunks = screening.screen_in_session(
                db.session, rows, settings, ctx.config["SCREENING_CHUNK_ROWS"]
            )
            dates = list_date_cells()  # the list_dates column
            summary = screening.write_results(
                chunks, layout, out, lambda i: f"{prefix}{i}", progress, dates
            )

    try:
        write_atomically(folder / RESULT_FILE, write)
    except JobCancelled:
        store.discard(params["token"])
        raise
    source.unlink(missing_ok=True)  # the result holds every input row
    ctx.done, ctx.message = summary.rows, "Done."
    return {"rows": summary.rows, "counts": dict(summary.counts)}


@handler(SCREENING_RUN)
def screen_run(ctx: JobContext) -> dict:
    """Screen a stored run's pending rows, a chunk at a time, each chunk committed.

    A run from an upload first stores the file's rows; then, whenever the job runs
    again (a restart, a retry), only the rows still pending are screened. An upload's
    result CSV is written from what was stored, at the end."""
    session, config = db.session, ctx.config
    run = records.get_run(session, ctx.params["run_id"])
    if run is None:
        raise JobRefused("This screening run no longer exists.")
    token = ctx.params.get("token")
    store = screening_store(ctx.app)
    try:
        if token and not records.has_rows(session, run):
            _store_upload_rows(ctx, run, store.folder(token) / INPUT_FILE)
        versions = list_versions.list_versions(session, config["LIST_STALE_AFTER_DAYS"])
        records.start_run(session, run, [v.as_dict() for v in versions])
        _screen_pending(ctx, run)
        if token:
            _write_result(ctx, run, store.folder(token))
    except JobCancelled:
        session.rollback()
        records.finish_run(session, run, RUN_CANCELLED)
        if token:
            store.discard(token)
        raise
    except JobInterrupted:
        raise  # runs again: the rows screened so far are kept
    except JobRefused as refused:
        session.rollback()
        records.finish_run(session, run, RUN_FAILED, str(refused))
        raise
    except Exception:
        session.rollback()
        records.finish_run(session, run, RUN_FAILED, "Stopped on an unexpected error; retry it.")
        raise
    records.finish_run(session, run)
    ctx.done, ctx.message = run.total_rows, "Done."
    return {"rows": run.total_rows, "counts": dict(run.counts), "screening_id": run.id}


def _store_upload_rows(ctx: JobContext, run, source) -> None:  # noqa: ANN001
    if not source.is_file():
        raise JobRefused(f"{ctx.params['file_name']} is no longer kept: upload it again.")
    layout = layout_of(ctx.params)
    settings = screening_settings(run.threshold)
    ctx.progress(0, message="Reading the file")
    with screening.open_text_file(source, layout.encoding) as text:
        records.add_rows(
            db.session, run, screening.read_rows(text, layout, settings.max_name_length)
        )


def _screen_pending(ctx: JobContext, run) -> None:  # noqa: ANN001
    session = db.session
    screener = screening.Screener(session, screening_settings(run.threshold))
    size = ctx.config["SCREENING_CHUNK_ROWS"]
    ctx.progress(0, total=run.total_rows, message="Screening")
    while pending := records.pending_rows(session, run, size):
        screened = screener.screen_rows([records.row_of(row) for row in pending])
        records.record_chunk(session, run, pending, screened)
        done = run.total_rows - records.pending_count(session, run)
        ctx.progress(done, counts={**dict.fromkeys(screening.STATUSES, 0), **run.counts})


def _write_result(ctx: JobContext, run, folder) -> None:  # noqa: ANN001
    layout = layout_of(ctx.params)
    prefix = ctx.params["url_prefix"]
    dates = list_date_cells()

    def write(temporary) -> None:  # noqa: ANN001
        with temporary.open("w", encoding="utf-8", newline="") as out:
            chunks = records.screened_rows(db.session, run, ctx.config["SCREENING_CHUNK_ROWS"])
            screening.write_results(chunks, layout, out, lambda i: f"{prefix}{i}", None, dates)

    write_atomically(folder / RESULT_FILE, write)
    (folder / INPUT_FILE).unlink(missing_ok=True)
