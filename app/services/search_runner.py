"""The search service as pages and the API call it: settings come from config."""

from __future__ import annotations

from flask import current_app

from app.extensions import db
from app.matching import DEFAULT_THRESHOLD
from app.services.search import SearchFilters, SearchResults, search


def default_threshold() -> float:
    configured = current_app.config.get("MATCH_THRESHOLD")
    return DEFAULT_THRESHOLD if configured is None else float(configured)


def run_search(
    query: str, filters: SearchFilters, threshold: float | None = None, sort: str = "score"
) -> SearchResults:
    config = current_app.config
    return search(
        db.session,
        query=query[: config["SEARCH_MAX_QUERY_LENGTH"]],
        filters=filters,
        threshold=default_threshold() if threshold is None else threshold,
        candidate_limit=config["SEARCH_CANDIDATES"],
        max_results=config["SEARCH_MAX_RESULTS"],
        sort=sort,
    )
