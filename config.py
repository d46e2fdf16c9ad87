"""Application settings. Environment variables win over the defaults here.

Every threshold, limit and timeout the app uses is one named setting in this
file, so there is one place to look and to change it.
"""

from __future__ import annotations

import os
import secrets


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value not in (None, "") else default


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


class Config:
    # None means "a SQLite file in the instance folder", resolved in create_app
    # because the instance path is only known there.
    SQLALCHEMY_DATABASE_URI: str | None = os.environ.get("DATABASE_URL") or None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SECRET_KEY: str | None = os.environ.get("SECRET_KEY") or None

    # SQLite: seconds a writer waits for a lock before giving up.
    SQLITE_BUSY_TIMEOUT_SECONDS = _env_float("SQLITE_BUSY_TIMEOUT_SECONDS", 15.0)

    # Largest request body accepted (uploads included), in bytes.
    MAX_CONTENT_LENGTH = _env_int("MAX_CONTENT_LENGTH", 20 * 1024 * 1024)

    # Browse page.
    BROWSE_PAGE_SIZE = _env_int("BROWSE_PAGE_SIZE", 50)

    # Search: the score at or above which a candidate counts as a match.
    # None means the matcher's own documented default (app.matching.DEFAULT_THRESHOLD).
    MATCH_THRESHOLD: float | None = (
        _env_float("MATCH_THRESHOLD", 0.0) if os.environ.get("MATCH_THRESHOLD") else None
    )
    # How many candidate names the index hands to the scorer for one query. 100 and 200
    # find the same designations on every benchmark (SDN, SDN + 1M names, UN, Russian
    # romanisations, negatives); 100 scores half as many names (p50 8.2 -> 5.5 ms).
    SEARCH_CANDIDATES = _env_int("SEARCH_CANDIDATES", 100)
    SEARCH_PAGE_SIZE = _env_int("SEARCH_PAGE_SIZE", 20)
    SEARCH_MAX_QUERY_LENGTH = _env_int("SEARCH_MAX_QUERY_LENGTH", 300)
    API_DEFAULT_LIMIT = 10
    API_MAX_LIMIT = 100
    # The most results a search page or export will rank (pagination stays within it).
    SEARCH_MAX_RESULTS = _env_int("SEARCH_MAX_RESULTS", 500)

    # Linking the same subject across lists (services/linking.py). A pair scoring at
    # least LINK_PROPOSE_SCORE (default: the match threshold) is proposed to editors;
    # at least LINK_SURE_SCORE with agreeing birth dates/nationality, it is linked.
    LINK_ON_IMPORT = os.environ.get("LINK_ON_IMPORT", "1") not in ("0", "false", "no")
    LINK_PROPOSE_SCORE: float | None = (
        _env_float("LINK_PROPOSE_SCORE", 0.0) if os.environ.get("LINK_PROPOSE_SCORE") else None
    )
    LINK_SURE_SCORE = _env_float("LINK_SURE_SCORE", 0.95)

    # Importing: share of malformed rows above which a file is refused as garbled.
    IMPORT_MAX_MALFORMED_SHARE = _env_float("IMPORT_MAX_MALFORMED_SHARE", 0.01)
    # A full-list import that would delist more than this share of a list's active
    # designations is refused as the wrong or a cut-down file, unless forced.
    IMPORT_MAX_DELIST_SHARE = _env_float("IMPORT_MAX_DELIST_SHARE", 0.1)

    # Where `flask seed` reads its files.
    SEED_DATA_DIR = os.environ.get("SEED_DATA_DIR") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "seed_data"
    )

    # Admin area: accounts and sessions.
    PASSWORD_MIN_LENGTH = _env_int("PASSWORD_MIN_LENGTH", 12)
    # Signed in staff are signed out after this long without a request.
    ADMIN_IDLE_TIMEOUT_SECONDS = _env_int("ADMIN_IDLE_TIMEOUT_SECONDS", 30 * 60)
    # This many wrong passwords in a row lock the account for LOGIN_LOCKOUT_SECONDS.
    # The session cookie expires after the same idle time (renewed on each request).
    PERMANENT_SESSION_LIFETIME = ADMIN_IDLE_TIMEOUT_SECONDS
    LOGIN_LOCKOUT_ATTEMPTS = _env_int("LOGIN_LOCKOUT_ATTEMPTS", 5)
    LOGIN_LOCKOUT_SECONDS = _env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60)
    # Failed sign-ins allowed per account and per client address (Flask-Limiter syntax).
    LOGIN_RATE_LIMIT_PER_ACCOUNT = (
        os.environ.get("LOGIN_RATE_LIMIT_PER_ACCOUNT") or "10 per 15 minutes"
    )
    LOGIN_RATE_LIMIT_PER_ADDRESS = (
        os.environ.get("LOGIN_RATE_LIMIT_PER_ADDRESS") or "30 per 15 minutes"
    )
    # Where rate-limit counters live; memory suits one process, use redis:// for several.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or "memory://"
    # Admin audit trail page size.
    AUDIT_PAGE_SIZE = _env_int("AUDIT_PAGE_SIZE", 50)
    # Possible duplicates shown per name before a new designation is saved.
    DUPLICATE_CHECK_MAX_RESULTS = _env_int("DUPLICATE_CHECK_MAX_RESULTS", 10)
    # Rows of "created" and "updated" an import preview lists (the counts are always full).
    IMPORT_PREVIEW_MAX_ROWS = _env_int("IMPORT_PREVIEW_MAX_ROWS", 200)
    # Where uploaded import files wait for confirmation; None: instance/uploads.
    IMPORT_UPLOAD_DIR: str | None = os.environ.get("IMPORT_UPLOAD_DIR") or None
    # Uploaded import files wait this long for confirmation before they are discarded.
    IMPORT_UPLOAD_MAX_AGE_SECONDS = _env_int("IMPORT_UPLOAD_MAX_AGE_SECONDS", 24 * 60 * 60)

    # Batch screening (/screen, POST /api/v1/screen, `flask screen`).
    # Candidates the index hands to the scorer per screened name: fewer than a search
    # page (SEARCH_CANDIDATES) because screening keeps only the best few matches. In
    # benchmarks/screening_speed.py 50 finds the listed designation of 1002 of 1005 listed
    # variants, 100 of 1003, at 8 ms instead of 10 ms of CPU per name.
    SCREENING_CANDIDATES = _env_int("SCREENING_CANDIDATES", 50)
    # Matches kept per screened name: one output row each.
    SCREENING_MAX_MATCHES_PER_ROW = _env_int("SCREENING_MAX_MATCHES_PER_ROW", 5)
    # Names screened between two progress reports (and per process-pool task).
    SCREENING_CHUNK_ROWS = _env_int("SCREENING_CHUNK_ROWS", 100)
    # Processes `flask screen` screens with (each opens its own database connection).
    SCREENING_CLI_WORKERS = _env_int("SCREENING_CLI_WORKERS", 2)
    # Names one POST /api/v1/screen may carry.
    SCREENING_API_MAX_NAMES = _env_int("SCREENING_API_MAX_NAMES", 1000)
    # Browser uploads: largest file, most rows, where jobs live (None: instance/screening),
    # how long a finished job's result is kept, how many jobs run at once per process.
    SCREENING_MAX_UPLOAD_BYTES = _env_int("SCREENING_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
    SCREENING_MAX_ROWS = _env_int("SCREENING_MAX_ROWS", 50_000)
    SCREENING_JOB_DIR: str | None = os.environ.get("SCREENING_JOB_DIR") or None
    SCREENING_JOB_MAX_AGE_SECONDS = _env_int("SCREENING_JOB_MAX_AGE_SECONDS", 24 * 60 * 60)
    SCREENING_JOB_THREADS = _env_int("SCREENING_JOB_THREADS", 1)
    # How often the results page asks for progress, in milliseconds.
    SCREENING_POLL_INTERVAL_MS = _env_int("SCREENING_POLL_INTERVAL_MS", 1000)

    # Exports (/export.csv, /export.jsonl): designations read per database round trip.
    EXPORT_BATCH_SIZE = _env_int("EXPORT_BATCH_SIZE", 500)

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_ENABLED = True

    # --- One write model, settings through one door (issue 15) ---
    # The earliest year of birth a designation (form or import) or a search may give.
    MIN_BIRTH_YEAR = _env_int("MIN_BIRTH_YEAR", 1800)
    # Near misses a search shows when nothing reaches the threshold, from this score up.
    SEARCH_NEAR_MISS_LIMIT = _env_int("SEARCH_NEAR_MISS_LIMIT", 5)
    SEARCH_NEAR_MISS_FLOOR = _env_float("SEARCH_NEAR_MISS_FLOOR", 0.6)
    # Cross-list link pairs listed per page of /admin/links.
    LINK_REVIEW_PAGE_SIZE = _env_int("LINK_REVIEW_PAGE_SIZE", 50)
    # The designation form's link search: designations offered per link row (without
    # JavaScript) and by the lookup (with it).
    LINK_CANDIDATES_PER_ROW = _env_int("LINK_CANDIDATES_PER_ROW", 5)
    LINK_LOOKUP_MAX_RESULTS = _env_int("LINK_LOOKUP_MAX_RESULTS", 10)
    # API search parameters: the longest program code, jurisdiction and country accepted.
    API_MAX_PROGRAM_LENGTH = _env_int("API_MAX_PROGRAM_LENGTH", 64)
    API_MAX_JURISDICTION_LENGTH = _env_int("API_MAX_JURISDICTION_LENGTH", 8)
    API_MAX_COUNTRY_LENGTH = _env_int("API_MAX_COUNTRY_LENGTH", 100)


class DevelopmentConfig(Config):
    DEBUG = False  # the debugger is opt-in via FLASK_DEBUG, never on by default
    # Development may run without SECRET_KEY: a random key per process is fine
    # there (sessions just do not survive a restart).
    SECRET_KEY = Config.SECRET_KEY or secrets.token_hex(32)


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret-key"
    # Tests choose their own database; an in-memory default keeps a stray test harmless.
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
