"""Update the lists from their official sources: download, check, import, record.

For each source (``ofac``, ``un``, ``uk``, ``canada``, ``au``) an update:

1. records the attempt in ``list_updates`` (committed at once, so even a crash leaves
   a trace) and refuses to start while another update of the same list is running;
2. downloads the list with httpx into a temporary folder, streaming, with a conditional
   request (If-None-Match / If-Modified-Since from the last successful attempt), a
   connect and a read timeout (a stalled server), a time limit for the whole file and a
   size cap; a 304, or a file whose SHA-256 digest is that of the last successful
   attempt, ends it as *unchanged*, without importing anything;
3. otherwise imports the file through the importer it is given (``run_import``: one
   transaction, truncated or garbled files refused, the delisting share cap, linking of
   an import that changed something), so a failed download or a refused file leaves
   the database exactly as it was;
4. records the outcome: HTTP status, bytes, digest, the import's summary or the error.

Flask-free: settings come in as ``UpdateSettings`` (``from_config`` reads them from any
mapping) and the importer as a function, so the CLI, the admin page and a periodic job
share this code.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ListUpdate
from app.services import list_metadata
from app.services.importing.errors import SourceFileError

if TYPE_CHECKING:  # httpx is imported when a download starts: app start-up stays fast
    import httpx

log = logging.getLogger(__name__)

OFAC_FILES = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
_CHUNK_BYTES = 1 << 16


@dataclass(frozen=True)
class Source:
    """One list as ``flask update`` knows it."""

    code: str  # the name on the command line: ofac, un, uk, canada, au
    source: str  # the source id in source_refs
    format: str  # the import format (READERS); "uk" is told apart by content
    file_name: str  # the name the download gets (OFAC: its folder)


SOURCES: dict[str, Source] = {
    "ofac": Source("ofac", "ofac-sdn", "ofac-csv", "ofac"),
    "un": Source("un", "un-consolidated", "un-xml", "un-consolidated.xml"),
    "uk": Source("uk", "uk-sanctions-list", "uk-ods", "uk-sanctions-list"),
    "canada": Source("canada", "ca-sema-jvcfoa", "canada-xml", "canada-sema-lmes.xml"),
    "au": Source("au", "au-dfat-consolidated", "au-xlsx", "au-consolidated-list.xlsx"),
}
SUCCESS = ("imported", "unchanged")

# (format, path, file name shown in the audit trail) -> the import's summary.
Importer = Callable[[str, Path, str], Any]


@dataclass(frozen=True)
class UpdateSettings:
    urls: Mapping[str, str]
    download_dir: Path
    connect_timeout: float = 15.0
    read_timeout: float = 60.0
    max_seconds: float = 600.0
    max_bytes: int = 100 * 1024 * 1024
    user_agent: str = "sanctions-lookup list updater"
    running_max_seconds: int = 3600

    @classmethod
    def from_config(cls, config: Mapping[str, Any], instance_path: str) -> UpdateSettings:
        folder = config.get("LIST_UPDATE_DIR") or os.path.join(instance_path, "list_updates")
        return cls(
            urls=dict(config["LIST_SOURCES"]),
            download_dir=Path(folder),
            connect_timeout=config["LIST_UPDATE_CONNECT_TIMEOUT_SECONDS"],
            read_timeout=config["LIST_UPDATE_READ_TIMEOUT_SECONDS"],
            max_seconds=config["LIST_UPDATE_MAX_SECONDS"],
            max_bytes=config["LIST_UPDATE_MAX_BYTES"],
            user_agent=config["LIST_UPDATE_USER_AGENT"],
            running_max_seconds=config["LIST_UPDATE_RUNNING_MAX_SECONDS"],
        )


@dataclass
class UpdateOutcome:
    source: str
    outcome: str  # see models.list_update.UPDATE_OUTCOMES
    message: str
    update_id: int | None = None
    changed: bool = False

    @property
    def ok(self) -> bool:
        return self.outcome in SUCCESS


class DownloadError(Exception):
    """A download that failed: the message says what happened (and to which URL)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class _Fetched:
    status: int
    bytes: int = 0
    digest: str | None = None
    validators: dict[str, dict[str, str]] = field(default_factory=dict)
    not_modified: bool = False


def unknown_sources(names: list[str]) -> list[str]:
    return [name for name in names if name not in SOURCES]


def update_lists(
    session: Session,
    names: list[str],
    settings: UpdateSettings,
    importer: Importer,
    actor: str = "cli",
) -> list[UpdateOutcome]:
    """Update each named source in turn (all when ``names`` is empty); one failing stops none."""
    return [
        update_list(session, name, settings, importer, actor) for name in (names or list(SOURCES))
    ]


def update_list(
    session: Session, name: str, settings: UpdateSettings, importer: Importer, actor: str = "cli"
) -> UpdateOutcome:
    """Download and import one source; every attempt ends up in list_updates."""
    spec = SOURCES[name]
    url = settings.urls.get(name) or ""
    attempt = ListUpdate(source=name, url=url, actor=actor[:254], outcome="running")
    running = _running(session, name, settings.running_max_seconds)
    session.add(attempt)
    if running is not None:
        attempt.outcome, attempt.finished_at = "skipped", datetime.now(UTC)
        attempt.error = f"an update of {name} started at {running:%Y-%m-%d %H:%M} UTC is running"
        session.commit()
        return UpdateOutcome(name, "skipped", attempt.error, attempt.id)
    session.commit()
    attempt_id = attempt.id
    result: dict[str, Any] = {}
    try:
        outcome = _update(session, spec, url, settings, importer, result)
    except DownloadError as error:
        session.rollback()
        result.update(outcome="failed", error=str(error), http_status=error.status)
        outcome = UpdateOutcome(name, "failed", f"download failed, nothing changed: {error}")
    except SourceFileError as error:
        session.rollback()
        result.update(outcome="refused", error=str(error))
        outcome = UpdateOutcome(name, "refused", f"file refused, nothing changed: {error}")
    except Exception as error:  # noqa: BLE001  (any other failure is recorded, never hidden)
        session.rollback()
        log.exception("update of %s failed", name)
        result.update(outcome="failed", error=f"{type(error).__name__}: {error}")
        outcome = UpdateOutcome(name, "failed", f"update failed, nothing changed: {error}")
    row = session.get(ListUpdate, attempt_id)
    for key, value in result.items():
        setattr(row, key, value)
    row.finished_at = datetime.now(UTC)
    if outcome.ok:
        list_metadata.record_check(session, spec.source, row.finished_at)
    session.commit()
    outcome.update_id = attempt_id
    return outcome


def _running(session: Session, name: str, max_seconds: int) -> datetime | None:
    since = datetime.now(UTC) - timedelta(seconds=max_seconds)
    started = session.scalar(
        select(ListUpdate.started_at)
        .where(ListUpdate.source == name, ListUpdate.outcome == "running")
        .order_by(ListUpdate.id.desc())
        .limit(1)
    )
    if started is None:
        return None
    started = started if started.tzinfo else started.replace(tzinfo=UTC)
    return started if started > since else None


def _last_success(session: Session, name: str) -> ListUpdate | None:
    return session.scalar(
        select(ListUpdate)
        .where(ListUpdate.source == name, ListUpdate.outcome.in_(SUCCESS))
        .order_by(ListUpdate.id.desc())
        .limit(1)
    )


def _update(
    session: Session,
    spec: Source,
    url: str,
    settings: UpdateSettings,
    importer: Importer,
    result: dict[str, Any],
) -> UpdateOutcome:
    if urlsplit(url).scheme not in ("http", "https"):
        raise DownloadError(f"the URL of {spec.code} ({url!r}) is not an http(s) URL")
    last = _last_success(session, spec.code)
    previous = dict(last.validators or {}) if last is not None else {}
    settings.download_dir.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(dir=settings.download_dir) as folder,
        _client(settings) as client,
    ):
        target = Path(folder) / spec.file_name
        if spec.code == "ofac":
            fetched = _fetch_ofac(client, url, target, previous, settings)
        else:
            fetched = _fetch(client, url, target, previous.get(url), settings)
        result.update(http_status=fetched.status, validators=fetched.validators or None)
        if fetched.not_modified:
            result.update(outcome="unchanged", digest=last.digest if last else None, bytes=0)
            return UpdateOutcome(spec.code, "unchanged", "not modified since the last update (304)")
        result.update(bytes=fetched.bytes, digest=fetched.digest)
        if last is not None and last.digest == fetched.digest:
            result.update(outcome="unchanged")
            return UpdateOutcome(spec.code, "unchanged", "same content as the last update")
        format_name = _format(spec, target)
        summary = importer(format_name, target, f"{spec.file_name} from {url}")
        as_dict = summary.as_dict() if hasattr(summary, "as_dict") else dict(summary or {})
        changed = bool(getattr(summary, "changed", True))
        result.update(outcome="imported", summary=as_dict)
        counts = ", ".join(
            f"{key} {as_dict[key]}"
            for key in ("created", "updated", "unchanged", "delisted", "relisted")
            if key in as_dict
        )
        return UpdateOutcome(spec.code, "imported", counts, changed=changed)


def _format(spec: Source, target: Path) -> str:
    """The UK list comes as ODS (a zip) or CSV: told apart by the file's first bytes."""
    if spec.code != "uk":
        return spec.format
    with target.open("rb") as handle:
        return "uk-ods" if handle.read(4) == b"PK\x03\x04" else "uk-csv"


def _client(settings: UpdateSettings) -> httpx.Client:
    import httpx

    timeout = httpx.Timeout(
        settings.read_timeout, connect=settings.connect_timeout, pool=settings.connect_timeout
    )
    return httpx.Client(
        timeout=timeout,
        follow_redirects=True,
        headers={"User-Agent": settings.user_agent},
        trust_env=False,
    )


def _fetch_ofac(
    client: httpx.Client,
    folder_url: str,
    folder: Path,
    previous: dict[str, dict[str, str]],
    settings: UpdateSettings,
) -> _Fetched:
    """The four OFAC files of the folder; unchanged only when all four are (304)."""
    folder.mkdir()
    base = folder_url if folder_url.endswith("/") else folder_url + "/"
    urls = {name: urljoin(base, name) for name in OFAC_FILES}
    fetched = {
        name: _fetch(client, url, folder / name, previous.get(url), settings)
        for name, url in urls.items()
    }
    if all(f.not_modified for f in fetched.values()):
        return _Fetched(304, validators=previous, not_modified=True)
    for name, url in urls.items():  # some changed: the unchanged ones are needed too
        if fetched[name].not_modified:
            fetched[name] = _fetch(client, url, folder / name, None, settings)
    combined = hashlib.sha256()
    for name in OFAC_FILES:
        combined.update(f"{name}:{fetched[name].digest}\n".encode())
    validators = {k: v for f in fetched.values() for k, v in f.validators.items()}
    total = sum(f.bytes for f in fetched.values())
    return _Fetched(200, total, combined.hexdigest(), validators)


def _fetch(
    client: httpx.Client,
    url: str,
    target: Path,
    previous: Mapping[str, str] | None,
    settings: UpdateSettings,
) -> _Fetched:
    """Stream ``url`` to ``target``; DownloadError on anything but a whole 200 (or a 304)."""
    import httpx

    headers = {}
    if previous:
        if previous.get("etag"):
            headers["If-None-Match"] = previous["etag"]
        if previous.get("last_modified"):
            headers["If-Modified-Since"] = previous["last_modified"]
    deadline = time.monotonic() + settings.max_seconds
    try:
        with client.stream("GET", url, headers=headers) as response:
            if response.status_code == 304 and previous:
                return _Fetched(304, validators={url: dict(previous)}, not_modified=True)
            if response.status_code != 200:
                raise DownloadError(
                    f"{url} answered HTTP {response.status_code} {response.reason_phrase}",
                    response.status_code,
                )
            size, digest = _save(response, url, target, settings, deadline)
            validators = {
                key: value
                for key, value in (
                    ("etag", response.headers.get("ETag")),
                    ("last_modified", response.headers.get("Last-Modified")),
                )
                if value
            }
    except httpx.TimeoutException as error:
        raise DownloadError(
            f"{url} timed out ({type(error).__name__}: no answer or no data for "
            f"{settings.read_timeout:g} s)"
        ) from None
    except httpx.HTTPError as error:
        raise DownloadError(
            f"{url} could not be downloaded whole ({type(error).__name__}: {error})"
        ) from None
    _stamp(target, validators.get("last_modified"))
    return _Fetched(200, size, digest, {url: validators})


def _save(
    response: httpx.Response, url: str, target: Path, settings: UpdateSettings, deadline: float
) -> tuple[int, str]:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > settings.max_bytes:
        raise DownloadError(
            f"{url} is {int(declared):,} bytes, more than the {settings.max_bytes:,} allowed",
            response.status_code,
        )
    digest, size = hashlib.sha256(), 0
    with target.open("wb") as out:
        for chunk in response.iter_bytes(_CHUNK_BYTES):
            size += len(chunk)
            if size > settings.max_bytes:
                raise DownloadError(
                    f"{url} sent more than the {settings.max_bytes:,} bytes allowed",
                    response.status_code,
                )
            if time.monotonic() > deadline:
                raise DownloadError(
                    f"{url} took longer than the {settings.max_seconds:g} s allowed",
                    response.status_code,
                )
            digest.update(chunk)
            out.write(chunk)
    if size == 0:
        raise DownloadError(f"{url} answered with an empty file", response.status_code)
    encoded = response.headers.get("Content-Encoding", "identity") != "identity"
    if declared and declared.isdigit() and not encoded and size != int(declared):
        raise DownloadError(
            f"{url} was cut short: {size:,} of {int(declared):,} bytes", response.status_code
        )
    return size, digest.hexdigest()


def _stamp(target: Path, last_modified: str | None) -> None:
    """Date the file as the server does, so the list's data date is the publisher's file date."""
    if not last_modified:
        return
    try:
        stamp = parsedate_to_datetime(last_modified).timestamp()
    except (TypeError, ValueError):
        return
    os.utime(target, (stamp, stamp))


def recent_updates(session: Session, limit: int) -> list[ListUpdate]:
    return list(session.scalars(select(ListUpdate).order_by(ListUpdate.id.desc()).limit(limit)))
