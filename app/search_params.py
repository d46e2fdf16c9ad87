"""The filters of ``GET /api/v1/search``, read from a query string, a form or a JSON object
with one set of names, limits and messages: the search API and certificates of search
(app/certified_search.py) both read them here."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from werkzeug.datastructures import MultiDict

from app import params
from app.models import MEASURE_TYPES
from app.models.designation import KINDS
from app.services.search import STATUSES, SearchFilters


def search_filters(args: MultiDict, config: Mapping[str, Any]) -> SearchFilters:
    """status, kind, program, jurisdiction, measure, birth_year, birth_date, country, has,
    lacks; each error names its parameter (params.ParameterError)."""
    jurisdiction = params.text(args, "jurisdiction", config["API_MAX_JURISDICTION_LENGTH"])
    return SearchFilters(
        status=params.choice(args, "status", STATUSES, default="active"),
        kind=params.kind(args, "kind", KINDS),
        program=params.text(args, "program", config["API_MAX_PROGRAM_LENGTH"]),
        jurisdiction=(jurisdiction or "").upper() or None,
        measure=params.choice(args, "measure", MEASURE_TYPES.keys()),
        birth_year=params.integer(
            args, "birth_year", None, config["MIN_BIRTH_YEAR"], date.today().year
        ),
        birth_date=params.iso_date(args, "birth_date"),
        country=params.text(args, "country", config["API_MAX_COUNTRY_LENGTH"]),
        has_measures=params.jurisdiction_measures(args, "has", MEASURE_TYPES.keys()),
        lacks_measures=params.jurisdiction_measures(args, "lacks", MEASURE_TYPES.keys()),
    )
