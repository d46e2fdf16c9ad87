"""Whole-database downloads (/export.csv, /export.jsonl), served from files built once per
data version (services/export_cache.py), with ETag and Last-Modified for revalidation."""

from __future__ import annotations

from pathlib import Path

from flask import Response, current_app, request, send_file, stream_with_context, url_for

from app import params
from app.errors import error_response
from app.extensions import db, limiter
from app.models.designation import KINDS
from app.public import bp
from app.services import export_cache, exports

MIMETYPES = {"csv": "text/csv", "jsonl": "application/jsonl", "ftm": "application/x-ndjson"}
FILE_NAMES = {
    "csv": "sanctions-designations.csv",
    "jsonl": "sanctions-designations.jsonl",
    "ftm": "sanctions.ftm.json",
}


def _designation_url(designation_id: int) -> str:
    return url_for("public.designation_detail", designation_id=designation_id, _external=True)


def _export_filters() -> exports.ExportFilters:
    """The optional status/program/kind filters; ParameterError names a bad one."""
    args = request.args
    return exports.ExportFilters(
        status=params.choice(args, "status", exports.STATUSES, default="all"),
        program=params.text(args, "program", 64),
        kind=params.choice(args, "kind", KINDS),
    )


def _url_template() -> str:
    """A record's absolute URL with ``{}`` for its id (the build process has no Flask)."""
    return url_for("public.designation_detail", designation_id=4242424242, _external=True).replace(
        "4242424242", "{}"
    )


def _cache_dir() -> Path:
    configured = current_app.config["EXPORT_CACHE_DIR"]
    return Path(configured) if configured else Path(current_app.instance_path) / "exports"


@bp.get("/export.<any(csv, jsonl):output>")
@limiter.limit(lambda: current_app.config["EXPORT_RATE_LIMIT"], scope="export")
def export(output: str):
    """The whole database (or the designations the filters keep) as CSV or JSONL."""
    return _served_export(output)


@bp.get("/export.ftm.json")
@limiter.limit(lambda: current_app.config["EXPORT_RATE_LIMIT"], scope="export")
def export_ftm():
    """Every subject, sanction and identity document as FollowTheMoney JSON Lines."""
    return _served_export("ftm")


def _served_export(output: str) -> Response:
    try:
        filters = _export_filters()
    except params.ParameterError as error:
        return error_response(400, str(error), parameter=error.parameter)
    file_name = FILE_NAMES[output]
    batch_size = current_app.config["EXPORT_BATCH_SIZE"]
    if filters.program and not export_cache.known_program(db.session, filters.program):
        # No designation has it: an empty export, not worth a file.
        lines = export_cache.export_lines(db.session, output, filters, _designation_url, batch_size)
        response = Response(stream_with_context(lines), mimetype=MIMETYPES[output])
        response.headers["Content-Disposition"] = f'attachment; filename="{file_name}"'
        return response
    config = current_app.config
    settings = export_cache.BuildSettings(
        database_uri=config["SQLALCHEMY_DATABASE_URI"],
        batch_size=batch_size,
        niceness=config["EXPORT_BUILD_NICENESS"],
        timeout_seconds=config["EXPORT_BUILD_TIMEOUT_SECONDS"],
    )
    built = export_cache.built_export(
        db.session, _cache_dir(), output, filters, _url_template(), settings
    )
    db.session.rollback()  # the file is ready: end the read transaction before sending it
    response = send_file(
        built.path,
        mimetype=MIMETYPES[output],
        as_attachment=True,
        download_name=file_name,
        etag=built.etag,
        last_modified=built.last_modified,
        max_age=0,
        conditional=True,
    )
    response.headers["Cache-Control"] = "no-cache"  # keep it, but ask again (a 304) each time
    return response
