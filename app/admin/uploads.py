"""The import form's files: which to keep, checked, then stored for the preview job.

The files are kept in the upload store (``app.jobs.import_jobs``; one token format and
one clean-up with the screening files). Nothing in the database changes until the
preview is confirmed.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from werkzeug.datastructures import FileStorage

from app.jobs import import_jobs
from app.uploads import UploadRefused, check_csv, check_ods, check_xlsx, check_xml

CHECKS = {
    "un-xml": check_xml,
    "uk-csv": check_csv,
    "uk-ods": check_ods,
    "canada-xml": check_xml,
    "au-xlsx": check_xlsx,
}


def _given(upload: FileStorage | None) -> bool:
    return upload is not None and bool(upload.filename)


def checked_files(form) -> dict[str, FileStorage]:  # noqa: ANN001
    """The uploads to keep, by stored name; UploadRefused names what is wrong."""
    format_name = form.format.data
    if format_name in import_jobs.SINGLE_FILES:
        stored_name = import_jobs.SINGLE_FILES[format_name]
        if not _given(form.list_file.data):
            raise UploadRefused("list_file", f"Choose the list's {Path(stored_name).suffix} file.")
        CHECKS[format_name]("list_file", form.list_file.data)
        return {stored_name: form.list_file.data}
    if not _given(form.sdn.data):
        raise UploadRefused("sdn", "Choose sdn.csv: it holds the list itself.")
    files = {}
    for field_name, stored_name in import_jobs.OFAC_FILES.items():
        upload = form[field_name].data
        if _given(upload):
            check_csv(field_name, upload)
            files[stored_name] = upload
    return files


def save(format_name: str, files: dict[str, FileStorage], user_id: int) -> str:
    """Store the files under a new token; ``files`` maps stored name -> upload."""

    def write(folder: Path) -> None:
        for stored_name, upload in files.items():
            upload.save(folder / stored_name)

    names = {stored: Path(upload.filename or stored).name for stored, upload in files.items()}
    app = current_app._get_current_object()
    return import_jobs.store_upload(app, format_name, names, user_id, write)
