"""The list updates and dates as the CLI, admin pages, API and jobs call them: config in."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app

from app.extensions import db
from app.services import list_metadata
from app.services.audit import CLI, Actor

if TYPE_CHECKING:  # list_updates pulls in httpx: imported when an update runs
    from app.services.importing.loader import ImportSummary
    from app.services.list_updates import UpdateOutcome, UpdateSettings


def update_settings() -> UpdateSettings:
    from app.services import list_updates

    return list_updates.UpdateSettings.from_config(current_app.config, current_app.instance_path)


def run_updates(sources: list[str], actor: Actor = CLI) -> list[UpdateOutcome]:
    """Update the named sources (all when empty) as ``actor``; every attempt is recorded."""
    from app.runners import run_import
    from app.services import list_updates

    def importer(format_name: str, path: Path, file_name: str) -> ImportSummary:
        return run_import(format_name, path, actor=actor, file_name=file_name)

    return list_updates.update_lists(db.session, sources, update_settings(), importer, actor.name)


def update_all_lists() -> list[UpdateOutcome]:
    """Every source, as the periodic job runs it (see README, "Keeping the lists current")."""
    return run_updates([])


def current_list_dates() -> list[list_metadata.ListDates]:
    return list_metadata.list_dates(db.session, current_app.config["LIST_STALE_AFTER_DAYS"])


def list_date_cells() -> dict[str, str]:
    """Source -> its data date as screening output writes it ("2024-05-03 stale")."""
    return {
        entry.source: (entry.data_date.isoformat() if entry.data_date else "unknown")
        + (" stale" if entry.stale else "")
        for entry in current_list_dates()
    }
