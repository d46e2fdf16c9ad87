"""The services as the app's pages, API and CLI call them, with the app's settings.

The one place Flask's config becomes the services' settings objects
(``app.services.settings.from_config``): services stay free of Flask, and a change
to ``app.config`` (a test's, an override given to ``create_app``) holds at once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app

from app.extensions import db
from app.params import ParameterError
from app.services import identifier_search, identifiers, list_metadata, search_runner
from app.services.audit import CLI, Actor
from app.services.importing import service as import_service
from app.services.importing.loader import ImportSummary, ProgressCallback
from app.services.screening import ScreeningSettings
from app.services.search import SearchFilters, SearchResults
from app.services.settings import AppSettings, from_config

if TYPE_CHECKING:  # list_updates pulls in httpx: imported when an update runs
    from app.services.list_updates import UpdateOutcome, UpdateSettings


def settings() -> AppSettings:
    return from_config(current_app.config)


def default_threshold() -> float:
    return settings().search.threshold


def run_search(
    query: str, filters: SearchFilters, threshold: float | None = None, sort: str = "score"
) -> SearchResults:
    return search_runner.run_search(
        db.session, settings().search, query, filters, threshold=threshold, sort=sort
    )


def run_identifier_search(
    query: str | None,
    id_number: str,
    id_country: str | None,
    filters: SearchFilters,
    threshold: float | None,
    url_for_id: Callable[[int], str],
) -> tuple[list[dict], SearchResults | None]:
    """Subjects holding the number first, then (with ``query``) those the name matches, as
    result records; and the name search's results. A number that cannot be searched for
    raises ParameterError naming ``id_number``."""
    try:
        id_hits = identifiers.find_by_identifier(
            db.session,
            id_number,
            id_country,
            status=None if filters.status == "all" else filters.status,
            kind=filters.kind,
            program=filters.program,
            jurisdiction=filters.jurisdiction,
        )
    except identifiers.IdentifierQueryError as error:
        raise ParameterError("id_number", str(error)) from None
    results = run_search(query, filters, threshold=threshold) if query else None
    records = identifier_search.combined_results(
        db.session, id_hits, results, results.hits if results else [], url_for_id
    )
    return records, results


def screening_settings(threshold: float | None = None) -> ScreeningSettings:
    configured = settings().screening
    return configured if threshold is None else dataclasses.replace(configured, threshold=threshold)


def run_import(
    format_name: str,
    path: Path,
    progress: ProgressCallback | None = None,
    actor: Actor = CLI,
    file_name: str | None = None,
    *,
    full_list: bool = True,
    force: bool = False,
) -> ImportSummary:
    """``importing.service.run_import`` with the app's session and settings; once it has
    committed, the re-screen of the monitored lists is queued (issue 12)."""
    from app.jobs.monitoring_jobs import after_import

    summary = import_service.run_import(
        format_name,
        path,
        progress,
        actor,
        file_name,
        full_list=full_list,
        force=force,
        session=db.session,
        settings=settings().imports,
    )
    after_import(summary)
    return summary


def preview_import(
    format_name: str, path: Path, *, full_list: bool = True, force: bool = False
) -> import_service.ImportPreview:
    return import_service.preview_import(
        format_name,
        path,
        full_list=full_list,
        force=force,
        session=db.session,
        settings=settings().imports,
    )


# --- the list updates and data dates (CLI, admin pages, API, jobs) ----------------------


def update_settings() -> UpdateSettings:
    from app.services import list_updates

    return list_updates.UpdateSettings.from_config(current_app.config, current_app.instance_path)


def run_updates(sources: list[str], actor: Actor = CLI) -> list[UpdateOutcome]:
    """Update the named sources (all when empty) as ``actor``; every attempt is recorded."""
    from app.services import list_updates

    def importer(format_name: str, path: Path, file_name: str) -> ImportSummary:
        return run_import(format_name, path, actor=actor, file_name=file_name)

    return list_updates.update_lists(db.session, sources, update_settings(), importer, actor.name)


def current_list_dates() -> list[list_metadata.ListDates]:
    return list_metadata.list_dates(db.session, current_app.config["LIST_STALE_AFTER_DAYS"])


def list_date_cells() -> dict[str, str]:
    """Source -> its data date as screening output writes it ("2024-05-03 stale")."""
    return {
        entry.source: (entry.data_date.isoformat() if entry.data_date else "unknown")
        + (" stale" if entry.stale else "")
        for entry in current_list_dates()
    }
