"""Import jobs: the preview of an uploaded list file, then its import.

An upload waits in the upload store (``IMPORT_UPLOAD_DIR``) under a token; its
meta.json says who uploaded which files and names the preview and import jobs. The
preview job reads the files and keeps what the import would change in its record
(reopening the preview shows that, it does not read the files again); the import job
applies them in one transaction. The files go when the import is done, when either
job refuses them, when the import is cancelled, and (never confirmed) after
IMPORT_UPLOAD_MAX_AGE_SECONDS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from app.extensions import db
from app.jobs import upload_store
from app.jobs.files import FileStore
from app.jobs.one_at_a_time import wait_for_earlier
from app.jobs.runner import JobCancelled, JobContext, JobRefused, handler
from app.models import User
from app.runners import preview_import, run_import
from app.services.audit import CLI, Actor
from app.services.importing.errors import SourceFileError

PREVIEW, IMPORT = "import-preview", "import"
# The OFAC set: form field -> the name the reader expects in its folder.
OFAC_FILES = {"sdn": "sdn.csv", "alt": "alt.csv", "add": "add.csv", "comments": "sdn_comments.csv"}
# Single-file formats: the name the file is stored under.
SINGLE_FILES = {
    "un-xml": "un-consolidated.xml",
    "uk-csv": "uk-sanctions-list.csv",
    "uk-ods": "uk-sanctions-list.ods",
    "canada-xml": "canada-sema.xml",
    "au-xlsx": "au-consolidated.xlsx",  # DFAT's consolidated list as published
}
# Errors and warnings kept in a preview's record (the counts are always whole).
MAX_KEPT_MESSAGES = 1000


@dataclass
class PendingUpload:
    token: str
    format: str
    user_id: int | None
    files: dict[str, str]  # stored name -> name as uploaded
    meta: dict

    @property
    def description(self) -> str:
        return ", ".join(self.files.values())

    def path(self, store: FileStore) -> Path:
        """The folder (OFAC set) or the file (the other lists) the reader takes."""
        folder = store.folder(self.token)
        return folder if self.format == "ofac-csv" else folder / next(iter(self.files))

    def people_message(self, store: FileStore, message: str) -> str:
        """A reader's message with the uploaded file names instead of the stored ones."""
        folder = str(store.folder(self.token))
        renamed = {stored: given for stored, given in self.files.items() if stored != given}
        renamed.update({folder: self.description, self.token: self.description})
        pattern = "|".join(re.escape(name) for name in sorted(renamed, key=len, reverse=True))
        return re.sub(pattern, lambda found: renamed[found.group(0)], message)


def load_pending(store: FileStore, token: str) -> PendingUpload | None:
    meta = store.read_meta(token)
    if not meta or not meta.get("files"):
        return None
    return PendingUpload(token, meta["format"], meta.get("user_id"), dict(meta["files"]), meta)


def _pending_or_refuse(ctx: JobContext) -> tuple[FileStore, PendingUpload]:
    store = upload_store(ctx.app)
    pending = load_pending(store, ctx.params["token"])
    if pending is None or pending.meta.get("discarded"):
        raise JobRefused(
            f"The uploaded files ({', '.join(ctx.params.get('files', {}).values())}) are no "
            "longer kept: upload them again."
        )
    return store, pending


def _record_dict(record) -> dict:  # noqa: ANN001
    return {"name": record.primary_name, "kind": record.kind, "ref": record.ref}


@handler(PREVIEW)
def preview(ctx: JobContext) -> dict:
    store, pending = _pending_or_refuse(ctx)
    try:
        ctx.progress(message=f"Reading {pending.description}…")
        found = preview_import(pending.format, pending.path(store))
    except JobCancelled:
        store.discard_files(pending.token)
        raise
    except SourceFileError as error:
        store.discard_files(pending.token)
        raise JobRefused(
            "The file was refused, nothing was changed: "
            + pending.people_message(store, str(error))
        ) from None
    ctx.checkpoint()
    max_rows = ctx.config["IMPORT_PREVIEW_MAX_ROWS"]
    return {
        "source": found.source,
        "created": len(found.created),
        "updated": len(found.updated),
        "unchanged": found.unchanged,
        "delisted": found.delisted,
        "relisted": found.relisted,
        "changes": found.changes,
        "error_count": len(found.errors),
        "errors": [pending.people_message(store, str(e)) for e in found.errors][:MAX_KEPT_MESSAGES],
        "warnings": found.warnings[:MAX_KEPT_MESSAGES],
        "created_rows": [_record_dict(r) for r in found.created[:max_rows]],
        "updated_rows": [_record_dict(r) for r in found.updated[:max_rows]],
    }


def _waiting_for(label: str) -> str:
    return f"Waiting for another import to finish ({label})"


def _actor(ctx: JobContext) -> Actor:
    user = db.session.get(User, ctx.user_id) if ctx.user_id else None
    return Actor.for_user(user) if user is not None else CLI


@handler(IMPORT)
def apply(ctx: JobContext) -> dict:
    store, pending = _pending_or_refuse(ctx)
    actor = _actor(ctx)

    def progress(done: int, total: int) -> None:
        ctx.progress(done, total, "Writing records" if ctx.message != "Writing records" else None)

    try:
        wait_for_earlier(ctx, IMPORT, "started_at", _waiting_for)
        ctx.progress(0, message=f"Reading {pending.description}…")
        summary = run_import(
            pending.format,
            pending.path(store),
            progress=progress,
            actor=actor,
            file_name=pending.description,
            force=bool(ctx.params.get("force")),
        )
    except SourceFileError as error:
        store.discard_files(pending.token)
        raise JobRefused(
            "The file was refused, nothing was changed: "
            + pending.people_message(store, str(error))
        ) from None
    except JobCancelled:
        store.discard_files(pending.token)
        raise
    store.discard_files(pending.token)
    ctx.message = (
        f"Imported {summary.source}: created {summary.created}, updated {summary.updated}, "
        f"unchanged {summary.unchanged}, skipped {summary.skipped}, "
        f"delisted {summary.delisted}, relisted {summary.relisted}."
    )
    return {
        "source": summary.source,
        "created": summary.created,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "skipped": summary.skipped,
        "delisted": summary.delisted,
        "relisted": summary.relisted,
        "subjects_linked": summary.subjects_linked,
        "subjects_proposed": summary.subjects_proposed,
        "errors": [pending.people_message(store, str(e)) for e in summary.errors][
            :MAX_KEPT_MESSAGES
        ],
        "warnings": summary.warnings[:MAX_KEPT_MESSAGES],
    }


def store_upload(app: Flask, format_name: str, files: dict, user_id: int | None, save) -> str:  # noqa: ANN001
    """Keep uploaded files under a new token. ``files`` maps stored name -> name as
    given; ``save(folder)`` writes them into the token's folder."""
    store = upload_store(app)
    token = store.create({"format": format_name, "user_id": user_id, "files": files})
    try:
        save(store.folder(token))
    except BaseException:
        store.discard(token)
        raise
    return token


def note_job(app: Flask, token: str, key: str, job_id: str) -> None:
    """Name a job of the upload in its meta.json (``preview_job`` or ``import_job``)."""
    store = upload_store(app)
    meta = store.read_meta(token)
    if meta is not None:
        store.write_meta(token, {**meta, key: job_id})
