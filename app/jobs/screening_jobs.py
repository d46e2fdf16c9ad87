"""Screening jobs: an uploaded CSV of names screened into a result CSV.

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
from app.jobs.runner import JobCancelled, JobContext, JobRefused, handler
from app.runners import list_date_cells, screening_settings
from app.services import screening

SCREENING = "screening"
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
