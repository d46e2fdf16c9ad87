"""Whole-database exports built once per data version into files, served from there.

The data version is a fingerprint of what an export shows: the designations (how many,
the sum of their row versions, the newest change), the audit trail's newest entry (every
import, edit and link decision writes one), programs and subject links. After an import
or an edit it changes, and the next request builds the file again; until then every
request (and every revalidation with ``If-None-Match``/``If-Modified-Since``) is served
from the built file without touching the designations.

One build at a time per export: a second request for the same file waits on a file lock
for the first to finish instead of building it too. Files of older versions are removed
a while after a newer one is built. Pure of Flask: the folder and settings come in.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import AuditEntry, Designation, Program, SubjectMember
from app.services import designations, exports, ftm_entities, ftm_export

# Files of an older data version are kept this long after a newer one is built (a
# request that looked the old one up may still be about to open it).
STALE_GRACE_SECONDS = 300


@dataclass(frozen=True)
class DataVersion:
    tag: str  # short fingerprint, part of file names and ETags
    modified: datetime  # the newest change, for Last-Modified


@dataclass(frozen=True)
class BuiltExport:
    path: Path
    etag: str
    last_modified: datetime


def _aware(moment: datetime | None) -> datetime:
    if moment is None:
        return datetime(2000, 1, 1, tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def data_version(session: Session) -> DataVersion:
    """A fingerprint that changes whenever anything an export shows changes."""
    count, versions, newest = session.execute(
        select(
            func.count(Designation.id),
            func.coalesce(func.sum(Designation.version), 0),
            func.max(Designation.updated_at),
        )
    ).one()
    audit_id, audit_at = session.execute(
        select(func.max(AuditEntry.id), func.max(AuditEntry.at))
    ).one()
    programs = session.scalar(select(func.count(Program.id)))
    members = session.scalar(select(func.count()).select_from(SubjectMember))
    parts = [count, versions, str(newest), audit_id, programs, members]
    tag = hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:16]
    modified = max(_aware(newest), _aware(audit_at))
    return DataVersion(tag=tag, modified=modified.replace(microsecond=0))


@cache
def writer_fingerprint() -> str:
    """Changes with the code that shapes an export (columns, record fields), so that a new
    release never serves a file an older one built."""
    digest = hashlib.sha256()
    for module in (exports, designations, ftm_export, ftm_entities):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:12]


def export_key(output: str, filters: exports.ExportFilters, base_url: str) -> str:
    """Which export: format, filters, the site address its record URLs start with, and the
    version of the code that writes it."""
    parts = [output, filters.status, filters.kind, filters.program, base_url, writer_fingerprint()]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:16]


def export_lines(
    session: Session,
    output: str,
    filters: exports.ExportFilters,
    url_for_id: Callable[[int], str],
    batch_size: int,
) -> Iterator[str]:
    """The text of an export, line by line (the writers of ``exports``)."""
    if output == "ftm":  # FollowTheMoney: every subject, whatever the filters
        return ftm_export.iter_ftm_lines(session)
    records = exports.designation_records(session, filters, url_for_id, batch_size)
    if output == "csv":
        return exports.designation_csv_lines(records)
    return exports.jsonl_lines(records)


@dataclass(frozen=True)
class BuildSettings:
    """How a missing export file is built: in a separate process at a lower CPU priority
    (``niceness``), so that building it never holds a web worker (or its GIL) while
    searches wait, unless the database is in memory (tests)."""

    database_uri: str
    batch_size: int
    niceness: int = 10
    timeout_seconds: float = 600


class ExportBuildError(RuntimeError):
    pass


def built_export(
    session: Session,
    directory: Path,
    output: str,
    filters: exports.ExportFilters,
    url_template: str,
    settings: BuildSettings,
) -> BuiltExport:
    """The file of this export for the current data version, built if it is missing.

    ``url_template`` is a record's absolute URL with ``{}`` for its id.
    """
    directory.mkdir(parents=True, exist_ok=True)
    version = data_version(session)
    base_url = url_template.replace("{}", "")
    key = export_key(output, filters, base_url)
    path = directory / f"{version.tag}-{key}.{output}"
    built = BuiltExport(path, etag=f"{version.tag}-{key}", last_modified=version.modified)
    if path.exists():
        return built
    with _exclusive(directory / f"{key}.lock"):
        if path.exists():  # built by the request we waited for
            return built
        temporary = directory / f".{path.name}.{uuid.uuid4().hex}.tmp"
        try:
            if _in_memory(settings.database_uri):
                write_export(session, temporary, output, filters, url_template, settings.batch_size)
            else:
                _build_in_subprocess(temporary, output, filters, url_template, settings)
            stamp = version.modified.timestamp()
            os.utime(temporary, (stamp, stamp))
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
    remove_stale(directory, version.tag)
    return built


def _in_memory(database_uri: str) -> bool:
    return database_uri in ("sqlite://", "sqlite:///:memory:") or ":memory:" in database_uri


def write_export(
    session: Session,
    target: Path,
    output: str,
    filters: exports.ExportFilters,
    url_template: str,
    batch_size: int,
) -> None:
    lines = export_lines(session, output, filters, url_template.format, batch_size)
    with target.open("w", encoding="utf-8", newline="") as out:
        for line in lines:
            out.write(line)


def _build_in_subprocess(
    target: Path,
    output: str,
    filters: exports.ExportFilters,
    url_template: str,
    settings: BuildSettings,
) -> None:
    job = {
        "database_uri": settings.database_uri,
        "target": str(target),
        "output": output,
        "filters": [filters.status, filters.program, filters.kind],
        "url_template": url_template,
        "batch_size": settings.batch_size,
        "niceness": settings.niceness,
    }
    try:
        result = subprocess.run(
            [sys.executable, "-m", "app.services.export_cache"],
            input=json.dumps(job),
            capture_output=True,
            text=True,
            timeout=settings.timeout_seconds,
        )
    except subprocess.TimeoutExpired:
        raise ExportBuildError(
            f"building the export took over {settings.timeout_seconds} s"
        ) from None
    if result.returncode != 0:
        raise ExportBuildError(f"building the export failed: {result.stderr[-2000:]}")


def _build_main() -> None:
    """The build process: reads its job (JSON) on stdin and writes the file."""
    from sqlalchemy import create_engine

    job = json.loads(sys.stdin.read())
    os.nice(job["niceness"])
    engine = create_engine(job["database_uri"])
    status, program, kind = job["filters"]
    filters = exports.ExportFilters(status=status, program=program, kind=kind)
    try:
        with Session(engine) as session:
            write_export(
                session,
                Path(job["target"]),
                job["output"],
                filters,
                job["url_template"],
                job["batch_size"],
            )
    finally:
        engine.dispose()


@contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_stale(directory: Path, current_tag: str, grace: float = STALE_GRACE_SECONDS) -> int:
    """Remove the files of other data versions built more than ``grace`` seconds ago."""
    removed = 0
    cutoff = time.time() - grace
    for path in directory.iterdir():
        built = path.suffix in (".csv", ".jsonl", ".ftm", ".tmp")
        if not built or path.name.startswith(current_tag):
            continue
        try:
            if path.stat().st_ctime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed


def known_program(session: Session, code: str) -> bool:
    return session.scalar(select(Program.id).where(Program.code == code)) is not None


if __name__ == "__main__":
    _build_main()
