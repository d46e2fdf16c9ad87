"""The screening service as pages, the API and the CLI call it: settings come from config."""

from __future__ import annotations

from flask import current_app

from app.services.screening import ScreeningSettings
from app.services.search_runner import default_threshold


def screening_settings(threshold: float | None = None) -> ScreeningSettings:
    config = current_app.config
    return ScreeningSettings(
        threshold=default_threshold() if threshold is None else threshold,
        candidate_limit=config["SCREENING_CANDIDATES"],
        max_matches=config["SCREENING_MAX_MATCHES_PER_ROW"],
        max_name_length=config["SEARCH_MAX_QUERY_LENGTH"],
    )
