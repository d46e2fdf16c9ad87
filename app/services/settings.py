"""The settings the services take, as objects: built from the app's config in one place.

Services never read Flask's ``current_app``: the Flask side (``app.runners``) builds
these from ``app.config`` with ``from_config`` and passes them in, and a script or
a test may build them by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.matching import DEFAULT_THRESHOLD
from app.services.linking import LinkSettings, link_settings
from app.services.screening import ScreeningSettings
from app.services.validation import RecordRules


@dataclass(frozen=True)
class SearchSettings:
    threshold: float  # the score at or above which a candidate is a match
    candidate_limit: int  # candidate names the index hands to the scorer
    max_results: int  # the most results one search ranks
    max_query_length: int
    near_miss_limit: int  # near misses shown when nothing matched ...
    near_miss_floor: float  # ... from this score up


@dataclass(frozen=True)
class ImportSettings:
    max_malformed_share: float  # a file with more malformed rows is refused as garbled
    max_delist_share: float  # a full list delisting more is refused unless forced
    link_on_import: bool  # link the same subject across lists at once
    linking: LinkSettings
    rules: RecordRules  # the validator's settings
    # Format -> keyword arguments its reader takes from the configuration (size limits).
    reader_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    key_workers: int = 0  # processes computing index keys while the rows are written
    key_workers_min_names: int = 5000  # fewer changed names are keyed in the import's process


def reader_options(config: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The readers' limits: the ODS table's repeat caps, the XLSX reader's sizes."""
    from app.services.importing.ods_table import OdsLimits

    return {
        "uk-ods": {"limits": OdsLimits.from_config(config)},
        "au-xlsx": {
            "max_bytes": config["IMPORT_XLSX_MAX_BYTES"],
            "max_uncompressed_bytes": config["IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES"],
            "max_rows": config["IMPORT_XLSX_MAX_ROWS"],
        },
    }


@dataclass(frozen=True)
class AppSettings:
    search: SearchSettings
    screening: ScreeningSettings
    imports: ImportSettings
    rules: RecordRules


def threshold_from_config(config: Mapping[str, Any]) -> float:
    configured = config.get("MATCH_THRESHOLD")
    return DEFAULT_THRESHOLD if configured is None else float(configured)


def from_config(config: Mapping[str, Any]) -> AppSettings:
    """Every service setting from the app's config (``app.config``)."""
    threshold = threshold_from_config(config)
    rules = RecordRules(min_birth_year=int(config["MIN_BIRTH_YEAR"]))
    return AppSettings(
        search=SearchSettings(
            threshold=threshold,
            candidate_limit=int(config["SEARCH_CANDIDATES"]),
            max_results=int(config["SEARCH_MAX_RESULTS"]),
            max_query_length=int(config["SEARCH_MAX_QUERY_LENGTH"]),
            near_miss_limit=int(config["SEARCH_NEAR_MISS_LIMIT"]),
            near_miss_floor=float(config["SEARCH_NEAR_MISS_FLOOR"]),
        ),
        screening=ScreeningSettings(
            threshold=threshold,
            candidate_limit=int(config["SCREENING_CANDIDATES"]),
            max_matches=int(config["SCREENING_MAX_MATCHES_PER_ROW"]),
            max_name_length=int(config["SEARCH_MAX_QUERY_LENGTH"]),
        ),
        imports=ImportSettings(
            max_malformed_share=float(config["IMPORT_MAX_MALFORMED_SHARE"]),
            max_delist_share=float(config["IMPORT_MAX_DELIST_SHARE"]),
            link_on_import=bool(config["LINK_ON_IMPORT"]),
            linking=link_settings(config),
            rules=rules,
            reader_options=reader_options(config),
            key_workers=int(config["IMPORT_KEY_WORKERS"]),
            key_workers_min_names=int(config["IMPORT_KEY_WORKERS_MIN_NAMES"]),
        ),
        rules=rules,
    )
