"""The search service as pages and the API call it, with its settings passed in."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.services.search import SearchFilters, SearchResults, search
from app.services.settings import SearchSettings


def run_search(
    session: Session,
    settings: SearchSettings,
    query: str,
    filters: SearchFilters,
    threshold: float | None = None,
    sort: str = "score",
) -> SearchResults:
    """Search with the configured limits; ``threshold`` None means the configured one."""
    return search(
        session,
        query=query[: settings.max_query_length],
        filters=filters,
        threshold=settings.threshold if threshold is None else threshold,
        candidate_limit=settings.candidate_limit,
        max_results=settings.max_results,
        sort=sort,
        near_miss_limit=settings.near_miss_limit,
        near_miss_floor=settings.near_miss_floor,
    )
