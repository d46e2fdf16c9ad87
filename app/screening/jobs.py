"""Screening jobs as the browser sees them: who owns one, starting one, its results.

The screening itself runs on the app's job runner (app.jobs.screening_jobs); its record
is in the ``jobs`` table and its files in the screening store. A browser owns the jobs
it started through a random cookie whose hash the job record keeps: that survives a
restart of the server (and any number of workers), unlike process memory. A signed-in
account also owns the jobs it started, and its screening is a stored run
(``services.screening_records``, job kind ``screening-run``) it reviews in the admin area.
"""

from __future__ import annotations

import csv
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from flask import Response, current_app, request
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from app import jobs
from app.extensions import db
from app.jobs.screening_jobs import INPUT_FILE, RESULT_FILE, SCREENING, SCREENING_RUN, layout_of
from app.models.job import Job
from app.services import screening
from app.services import screening_records as records
from app.services.job_records import owner_hash

OWNER_COOKIE = "screening_owner"
# Output columns that give each row's place rather than a fact of the match (as do
# the ``..._id`` columns: the page links to the match instead).
STRUCTURE_COLUMNS = ("line", "status", "message", "url")


def owner_token() -> str | None:
    token = request.cookies.get(OWNER_COOKIE, "")
    return token if 20 <= len(token) <= 100 else None


def remember_owner(response: Response, token: str) -> None:
    config = current_app.config
    response.set_cookie(
        OWNER_COOKIE,
        token,
        max_age=max(config["SCREENING_JOB_MAX_AGE_SECONDS"], 24 * 60 * 60),
        httponly=True,
        samesite="Lax",
        secure=bool(config.get("SESSION_COOKIE_SECURE")),
    )


def owned_job(job_id: str) -> Job | None:
    """The screening job ``job_id`` if this browser (or signed-in account) started it."""
    job = jobs.find(job_id)
    if job is None or job.kind not in (SCREENING, SCREENING_RUN):
        return None
    token = owner_token()
    if token and job.owner_hash and secrets.compare_digest(job.owner_hash, owner_hash(token)):
        return job
    if current_user.is_authenticated and job.user_id == current_user.id:
        return job
    return None


def start(
    upload: FileStorage, layout: screening.CsvLayout, total: int, threshold: float, prefix: str
) -> tuple[Job, str]:
    """Keep the upload and queue its screening; the job and the browser's owner token."""
    store = jobs.screening_store()
    file_name = Path(upload.filename or "names.csv").name
    token = store.create({"file_name": file_name})
    upload.save(store.folder(token) / INPUT_FILE)
    owner = owner_token() or secrets.token_urlsafe(32)
    user = current_user._get_current_object() if current_user.is_authenticated else None
    params = {
        "token": token,
        "file_name": file_name,
        "encoding": layout.encoding,
        "delimiter": layout.delimiter,
        "columns": layout.columns,
        "roles": layout.roles,
        "threshold": threshold,
        "url_prefix": prefix,
    }
    kind, job_id = SCREENING, jobs.new_token()
    if user is not None:  # a signed-in account's screening is stored (issue 11)
        run = records.create_run(
            db.session,
            user=user,
            origin="browser",
            label=file_name,
            rows=[],
            threshold=threshold,
            job_id=job_id,
        )
        kind, params["run_id"] = SCREENING_RUN, run.id
    job = jobs.submit(
        kind,
        f"Screening {file_name}",
        params,
        job_id=job_id,
        user_id=user.id if user else None,
        owner_token=owner,
        queued_by=user.email if user else "anonymous (browser)",
        total=total,
    )
    return job, owner


def result_path(job: Job) -> Path:
    return jobs.screening_store().folder(job.params["token"]) / RESULT_FILE


def input_path(job: Job) -> Path:
    return jobs.screening_store().folder(job.params["token"]) / INPUT_FILE


@dataclass
class ResultRow:
    """One input row of the result: its name, status, message and matches."""

    line: str
    name: str
    status: str
    message: str
    matches: list[dict] = field(default_factory=list)


@dataclass
class ResultPage:
    columns: list[str]  # the match columns shown, as the service writes them
    rows: list[ResultRow]
    total: int  # input rows with this status (all pages)


def result_page(job: Job, status: str | None, page: int, size: int) -> ResultPage:
    """Input rows ``page`` (1-based) of the result, only those of ``status`` if given.

    The columns shown are those the screening service writes after the input's own
    (whatever they are), less the ones that only place the row."""
    layout = layout_of(job.params)
    width = len(layout.columns)
    name_index = layout.roles["name"]
    with result_path(job).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        ours = header[width:]
        shown = [c for c in ours if c not in STRUCTURE_COLUMNS and not c.endswith("_id")]
        index = {c: width + i for i, c in enumerate(ours)}
        rows: list[ResultRow] = []
        total = 0
        first = (page - 1) * size
        for group in _groups(reader, index["line"]):
            row_status = group[0][index["status"]]
            if status and row_status != status:
                continue
            total += 1
            if first < total <= first + size:
                rows.append(_result_row(group, index, shown, name_index))
    return ResultPage(shown, rows, total)


def _groups(reader, line_index: int) -> Iterator[list[list[str]]]:  # noqa: ANN001
    group: list[list[str]] = []
    for values in reader:
        if group and values[line_index] != group[0][line_index]:
            yield group
            group = []
        group.append(values)
    if group:
        yield group


def _result_row(group: list[list[str]], index: dict, shown: list[str], name_index: int):  # noqa: ANN202
    first = group[0]
    row = ResultRow(
        line=first[index["line"]],
        name=_plain(first[name_index]),
        status=first[index["status"]],
        message=_plain(first[index["message"]]),
    )
    if row.status == screening.MATCH:
        for values in group:
            match = {c: shown_cell(c, _plain(values[index[c]])) for c in shown}
            match["url"] = values[index["url"]] if "url" in index else ""
            row.matches.append(match)
    return row


_MEASURE_ITEM = re.compile(r"^(?P<measure>.+?) \((?P<programs>[^()]*)\)$")


def shown_cell(column: str, value: str) -> str:
    """A result cell as the page shows it: scores to two places as on the search page, and
    measures once each with their programs ("US Asset freeze (MAGNIT, GLOMAG)"), where the
    file lists one measure per program for spreadsheets."""
    if column == "score":
        try:
            return f"{float(value):.2f}"
        except ValueError:
            return value
    if column == "measures" and value:
        grouped: dict[str, list[str]] = {}
        for item in value.split("; "):
            found = _MEASURE_ITEM.match(item)
            measure, programs = (found["measure"], found["programs"]) if found else (item, "")
            listed = grouped.setdefault(measure, [])
            listed += [p for p in programs.split(", ") if p and p not in listed]
        return "; ".join(f"{m} ({', '.join(p)})" if p else m for m, p in grouped.items())
    return value


def _plain(value: str) -> str:
    """A cell as written for spreadsheets (a leading ' guards formulas), for a page."""
    guarded = value.startswith("'") and value[1:2] in ("=", "+", "-", "@", "\t", "\r")
    return value[1:] if guarded else value


def excel_stream(path: Path) -> Iterator[bytes]:
    """The CSV with a UTF-8 byte-order mark, so spreadsheet programs read Cyrillic right."""
    yield b"\xef\xbb\xbf"
    with path.open("rb") as handle:
        while chunk := handle.read(64 * 1024):
            yield chunk
