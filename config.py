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


def _env_bool(name: str, default: bool) -> bool:
    value = (os.environ.get(name) or "").strip().lower()
    if not value:
        return default
    return value not in ("0", "false", "no", "off")


def _env_list(name: str) -> list[str] | None:
    """A comma-separated list, or None when the variable is unset or empty."""
    items = [part.strip() for part in (os.environ.get(name) or "").split(",")]
    return [item for item in items if item] or None


# Hosts development and testing answer on (any port).
LOCAL_HOSTS = ["localhost", "127.0.0.1", "[::1]"]


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
    # Uploaded import files wait this long for confirmation before they are discarded
    # (refused, cancelled and applied uploads go at once).
    IMPORT_UPLOAD_MAX_AGE_SECONDS = _env_int("IMPORT_UPLOAD_MAX_AGE_SECONDS", 60 * 60)

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
    # Browser uploads: largest file, most rows, where their files live (None:
    # instance/screening; with separate workers, a folder all of them share), how long
    # a job's files are kept.
    SCREENING_MAX_UPLOAD_BYTES = _env_int("SCREENING_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
    SCREENING_MAX_ROWS = _env_int("SCREENING_MAX_ROWS", 50_000)
    SCREENING_JOB_DIR: str | None = os.environ.get("SCREENING_JOB_DIR") or None
    SCREENING_JOB_MAX_AGE_SECONDS = _env_int("SCREENING_JOB_MAX_AGE_SECONDS", 24 * 60 * 60)
    # How often the results page asks for progress, in milliseconds.
    SCREENING_POLL_INTERVAL_MS = _env_int("SCREENING_POLL_INTERVAL_MS", 1000)

    # Exports (/export.csv, /export.jsonl): designations read per database round trip.
    EXPORT_BATCH_SIZE = _env_int("EXPORT_BATCH_SIZE", 500)

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_ENABLED = True

    # --- Interop (issue 17): yente-compatible /match, /reconcile, FtM export/import ---
    # Results per query of POST /match/<dataset> (yente: MATCH_PAGE 5, MAX_MATCHES 500)
    # and queries per request (yente: MAX_BATCH 100); the same batch for /reconcile.
    MATCH_DEFAULT_LIMIT = _env_int("MATCH_DEFAULT_LIMIT", 5)
    MATCH_MAX_LIMIT = _env_int("MATCH_MAX_LIMIT", 500)
    MATCH_MAX_QUERIES = _env_int("MATCH_MAX_QUERIES", 100)
    # Values one property of an example may list, and the length of each.
    MATCH_MAX_VALUES = _env_int("MATCH_MAX_VALUES", 20)
    MATCH_MAX_VALUE_LENGTH = _env_int("MATCH_MAX_VALUE_LENGTH", 300)
    # Names (name, alias, weakAlias, previousName) and numbers one example is matched
    # with: each name is one search, so this bounds the work of a request.
    MATCH_MAX_NAMES_PER_QUERY = _env_int("MATCH_MAX_NAMES_PER_QUERY", 5)
    # Largest JSON body /match and /reconcile read.
    MATCH_MAX_BODY_BYTES = _env_int("MATCH_MAX_BODY_BYTES", 1024 * 1024)
    # Candidates a reconciliation query returns unless it asks for a limit.
    RECONCILE_DEFAULT_LIMIT = _env_int("RECONCILE_DEFAULT_LIMIT", 5)
    # Where /reconcile's "view" sends OpenRefine for an id; {{id}} is the candidate id.
    RECONCILE_VIEW_URL = os.environ.get("RECONCILE_VIEW_URL") or None
    # The work one /match or /reconcile batch may ask for, in characters of the names it
    # searches, each name (or number) counting at least MATCH_NAME_MIN_CHARS; over it: 413.
    # Measured on the 2-core machine against the full SDN list (benchmarks/match_speed.py
    # --random-words: names of random listed words, the worst case), batches at this limit
    # took 4 to 8 s of CPU (short names cost the most a character: 60 ms a 40-character
    # name, 240 ms a 300-character one) and 15 to 30 s of wall time with the machine
    # loaded 12 deep: a quarter of the 120 s worker and proxy timeouts (deploy/) at worst.
    # 100 one-name queries count 4,000 (2 s of CPU).
    MATCH_MAX_BATCH_CHARS = _env_int("MATCH_MAX_BATCH_CHARS", 5_000)
    MATCH_NAME_MIN_CHARS = _env_int("MATCH_NAME_MIN_CHARS", 40)
    # Reconciliation's other services: suggestions a page (suggest entity/property/type),
    # the longest prefix, ids one data extension request may ask for, the preview's
    # iframe size and who may frame it (CSP frame-ancestors: OpenRefine runs anywhere).
    RECONCILE_SUGGEST_LIMIT = _env_int("RECONCILE_SUGGEST_LIMIT", 10)
    RECONCILE_MAX_PREFIX_LENGTH = _env_int("RECONCILE_MAX_PREFIX_LENGTH", 200)
    RECONCILE_MAX_EXTEND_IDS = _env_int("RECONCILE_MAX_EXTEND_IDS", 100)
    RECONCILE_PREVIEW_WIDTH = _env_int("RECONCILE_PREVIEW_WIDTH", 430)
    RECONCILE_PREVIEW_HEIGHT = _env_int("RECONCILE_PREVIEW_HEIGHT", 220)
    RECONCILE_PREVIEW_FRAME_ANCESTORS = os.environ.get("RECONCILE_PREVIEW_FRAME_ANCESTORS") or "*"
    # --- Jobs: the background job runner (app/jobs; README "Background jobs") ---
    # The queue: sqlite:///PATH (default: instance/jobs.sqlite, no extra service),
    # redis://HOST:PORT/DB when several machines serve the app, or "immediate" (each
    # job runs at once inside the call that queues it: tests).
    JOBS_URL: str | None = os.environ.get("JOBS_URL") or None
    # The web process consumes the queue in threads (no extra command on one machine);
    # turn off when `flask worker` processes do it.
    JOBS_RUN_IN_PROCESS = os.environ.get("JOBS_RUN_IN_PROCESS", "1") not in ("0", "false", "no")
    # Jobs one consumer runs at once (threads).
    JOBS_WORKERS = _env_int("JOBS_WORKERS", 2)
    # Longest wait of an idle consumer between two looks at the queue.
    JOBS_POLL_SECONDS = _env_float("JOBS_POLL_SECONDS", 1.0)
    # A consumer says it is alive this often; one silent for JOBS_STALE_SECONDS is gone
    # and its running jobs are queued again (on one machine a dead process is seen at once).
    JOBS_HEARTBEAT_SECONDS = _env_float("JOBS_HEARTBEAT_SECONDS", 2.0)
    JOBS_STALE_SECONDS = _env_float("JOBS_STALE_SECONDS", 30.0)
    # How often a consumer looks for jobs to recover and files to discard.
    JOBS_SWEEP_SECONDS = _env_float("JOBS_SWEEP_SECONDS", 10.0)
    # A job still queued after this long while the queue is empty is queued again.
    JOBS_LOST_QUEUED_SECONDS = _env_float("JOBS_LOST_QUEUED_SECONDS", 300.0)
    # Times a job is started before one that keeps stopping its process fails.
    JOBS_MAX_ATTEMPTS = _env_int("JOBS_MAX_ATTEMPTS", 3)
    # Least time between two progress reports a job stores, and two looks for a cancel.
    JOBS_PROGRESS_SECONDS = _env_float("JOBS_PROGRESS_SECONDS", 0.5)
    JOBS_CANCEL_CHECK_SECONDS = _env_float("JOBS_CANCEL_CHECK_SECONDS", 0.5)
    # How long a job-record change waits for a database another writer holds (SQLite:
    # an import holds it for its whole transaction).
    JOBS_DB_RETRY_SECONDS = _env_float("JOBS_DB_RETRY_SECONDS", 180.0)
    # At shutdown, how long running jobs get to stop at a checkpoint.
    JOBS_SHUTDOWN_SECONDS = _env_float("JOBS_SHUTDOWN_SECONDS", 5.0)
    # Periodic jobs, off unless named: "NAME=MIN HOUR DAY MONTH DOW; ..." with names
    # from app/jobs/schedule.py PERIODIC_JOBS, e.g. "update-lists=0 4 * * *".
    JOBS_SCHEDULE: str | dict = os.environ.get("JOBS_SCHEDULE") or ""
    # Admin jobs list page size; how often job pages ask for progress (milliseconds).
    JOBS_PAGE_SIZE = _env_int("JOBS_PAGE_SIZE", 50)
    JOBS_POLL_INTERVAL_MS = _env_int("JOBS_POLL_INTERVAL_MS", 1000)
    # Rows of input a screening result page shows at once.
    SCREENING_RESULT_PAGE_SIZE = _env_int("SCREENING_RESULT_PAGE_SIZE", 100)
    # Hardening of importer input and pages (issue 10, "input").
    # ODS imports: most copies a repeat count may store (of a row or cell with values, of
    # empty cells before a value, of the spaces of one text:s), most rows with values and
    # cells in them, largest content.xml read; a file asking for more is refused. The real
    # UK export: 5,300 rows, 42,000 cells, 7.4 MB.
    ODS_MAX_REPEAT = _env_int("ODS_MAX_REPEAT", 1000)
    ODS_MAX_ROWS = _env_int("ODS_MAX_ROWS", 200_000)
    ODS_MAX_CELLS = _env_int("ODS_MAX_CELLS", 5_000_000)
    ODS_MAX_CONTENT_BYTES = _env_int("ODS_MAX_CONTENT_BYTES", 100 * 1024 * 1024)
    # How long browsers may keep /favicon.ico without asking again (it never changes).
    FAVICON_MAX_AGE_SECONDS = _env_int("FAVICON_MAX_AGE_SECONDS", 365 * 24 * 60 * 60)
    # --- Hardening (issue 10): hosts, proxy, rate limits, exports, screening budget ---
    # Host names the app answers to (Flask's own check; a leading dot admits subdomains).
    # Any other Host header gets 400. Production refuses to start without it.
    TRUSTED_HOSTS: list[str] | None = _env_list("TRUSTED_HOSTS") or LOCAL_HOSTS
    # Behind a reverse proxy: how many proxies set each X-Forwarded-* header (0: trust
    # none). An HTTPS-terminating proxy needs PROXY_FIX_X_PROTO=1 (and X_FOR=1 so rate
    # limits see the client's address, not the proxy's).
    PROXY_FIX_X_FOR = _env_int("PROXY_FIX_X_FOR", 0)
    PROXY_FIX_X_PROTO = _env_int("PROXY_FIX_X_PROTO", 0)
    PROXY_FIX_X_HOST = _env_int("PROXY_FIX_X_HOST", 0)
    PROXY_FIX_X_PORT = _env_int("PROXY_FIX_X_PORT", 0)
    PROXY_FIX_X_PREFIX = _env_int("PROXY_FIX_X_PREFIX", 0)
    # Strict-Transport-Security max-age in seconds (0: no header); production: a year.
    HSTS_SECONDS = _env_int("HSTS_SECONDS", 0)
    # Rate limits per client address (Flask-Limiter syntax). RATELIMIT_ENABLED=false
    # turns every limit off (the sign-in limits and lockout stay: they are in the database).
    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True  # X-RateLimit-* and Retry-After on limited views
    # Searches, compares and record reads: the API and the public pages.
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT") or "6000 per minute"
    PUBLIC_RATE_LIMIT = os.environ.get("PUBLIC_RATE_LIMIT") or "6000 per minute"
    # POST /api/v1/screen: requests per client, and the work one request may ask for: the
    # total characters of its names, each name counting at least SCREENING_API_NAME_MIN_CHARS
    # (a name has a fixed cost however short). Measured on the 2-core machine against the
    # full SDN list: about 0.27 ms of CPU a character for 300-character names and 16-20 ms
    # a name of up to 60 characters, so 10,000 is at most about 3 s of work.
    SCREENING_API_RATE_LIMIT = os.environ.get("SCREENING_API_RATE_LIMIT") or "30 per minute"
    SCREENING_API_MAX_CHARS = _env_int("SCREENING_API_MAX_CHARS", 10_000)
    SCREENING_API_NAME_MIN_CHARS = _env_int("SCREENING_API_NAME_MIN_CHARS", 60)
    # Screening requests worked on at once per process; another waits up to
    # SCREENING_API_WAIT_SECONDS for its turn, then gets 503.
    SCREENING_API_CONCURRENCY = _env_int("SCREENING_API_CONCURRENCY", 1)
    SCREENING_API_WAIT_SECONDS = _env_float("SCREENING_API_WAIT_SECONDS", 20.0)
    # Whole-database exports, built once per data version into EXPORT_CACHE_DIR
    # (None: instance/exports) and served from there.
    EXPORT_RATE_LIMIT = os.environ.get("EXPORT_RATE_LIMIT") or "60 per minute"
    EXPORT_CACHE_DIR: str | None = os.environ.get("EXPORT_CACHE_DIR") or None
    # A missing file is built in a separate process at this lower CPU priority (nice),
    # so searches keep the CPU; a build taking longer than the timeout fails (500, logged).
    EXPORT_BUILD_NICENESS = _env_int("EXPORT_BUILD_NICENESS", 10)
    EXPORT_BUILD_TIMEOUT_SECONDS = _env_int("EXPORT_BUILD_TIMEOUT_SECONDS", 600)
    # --- Lists that stay current (issue 13): Australia's XLSX, updates, data dates, feeds.
    # Excel workbooks (`import au-xlsx`): largest file, most bytes it may unpack to (a zip
    # bomb is refused before it is opened), most rows of its sheet.
    IMPORT_XLSX_MAX_BYTES = _env_int("IMPORT_XLSX_MAX_BYTES", 50 * 1024 * 1024)
    IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES = _env_int(
        "IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES", 300 * 1024 * 1024
    )
    IMPORT_XLSX_MAX_ROWS = _env_int("IMPORT_XLSX_MAX_ROWS", 200_000)
    # `flask update`: where each list is downloaded from (the publishers' own URLs). OFAC's
    # is the folder of its four legacy CSV files (sdn.csv, alt.csv, add.csv, sdn_comments.csv).
    LIST_SOURCES: dict[str, str] = {
        "ofac": os.environ.get("LIST_URL_OFAC") or "https://www.treasury.gov/ofac/downloads/",
        "un": os.environ.get("LIST_URL_UN")
        or "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
        "uk": os.environ.get("LIST_URL_UK")
        or "https://docs.fcdo.gov.uk/docs/UK-Sanctions-List.ods",
        "canada": os.environ.get("LIST_URL_CANADA")
        or "https://www.international.gc.ca/world-monde/assets/office_docs/"
        "international_relations-relations_internationales/sanctions/sema-lmes.xml",
        "au": os.environ.get("LIST_URL_AU")
        or "https://www.dfat.gov.au/sites/default/files/Australian_Sanctions_Consolidated_List.xlsx",
    }
    # Seconds to connect, and to wait for the next bytes of a download (a stalled server);
    # the most seconds one file may take in all; the largest file accepted, in bytes.
    LIST_UPDATE_CONNECT_TIMEOUT_SECONDS = _env_float("LIST_UPDATE_CONNECT_TIMEOUT_SECONDS", 15.0)
    LIST_UPDATE_READ_TIMEOUT_SECONDS = _env_float("LIST_UPDATE_READ_TIMEOUT_SECONDS", 60.0)
    LIST_UPDATE_MAX_SECONDS = _env_float("LIST_UPDATE_MAX_SECONDS", 600.0)
    LIST_UPDATE_MAX_BYTES = _env_int("LIST_UPDATE_MAX_BYTES", 100 * 1024 * 1024)
    # Where downloads wait while they are checked and imported; None: instance/list_updates.
    LIST_UPDATE_DIR: str | None = os.environ.get("LIST_UPDATE_DIR") or None
    LIST_UPDATE_USER_AGENT = (
        os.environ.get("LIST_UPDATE_USER_AGENT") or "sanctions-lookup list updater"
    )
    # An update of a source started this long ago and not finished counts as abandoned.
    LIST_UPDATE_RUNNING_MAX_SECONDS = _env_int("LIST_UPDATE_RUNNING_MAX_SECONDS", 3600)
    # A list whose data is older than this (and not confirmed current by an update since)
    # is flagged as stale wherever its date shows.
    LIST_STALE_AFTER_DAYS = _env_int("LIST_STALE_AFTER_DAYS", 7)
    # Admin -> Lists: update attempts shown. Change feed: page sizes and Atom entries.
    LIST_UPDATES_SHOWN = _env_int("LIST_UPDATES_SHOWN", 50)
    CHANGES_PAGE_SIZE = _env_int("CHANGES_PAGE_SIZE", 50)
    CHANGES_MAX_PAGE_SIZE = _env_int("CHANGES_MAX_PAGE_SIZE", 200)
    FEED_MAX_ENTRIES = _env_int("FEED_MAX_ENTRIES", 100)
    # --- One write model, settings through one door (issue 15) ---
    # The earliest year of birth a designation (form or import) or a search may give.
    MIN_BIRTH_YEAR = _env_int("MIN_BIRTH_YEAR", 1800)
    # "Other people with this name" a search shows below the matches, from this score up.
    SEARCH_NEAR_MISS_LIMIT = _env_int("SEARCH_NEAR_MISS_LIMIT", 10)
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
    # --- Certificates of search (issue 11, "Evidence of search") ---
    # The Ed25519 key that signs certificates: a PEM private key given in the setting, else
    # the PEM file at CERTIFICATE_KEY_PATH (None: instance/certificate-signing-key.pem),
    # created on first use with mode 600. Keep it: certificates signed with a lost key can
    # no longer be verified against the published public key.
    CERTIFICATE_SIGNING_KEY: str | None = os.environ.get("CERTIFICATE_SIGNING_KEY") or None
    CERTIFICATE_KEY_PATH: str | None = os.environ.get("CERTIFICATE_KEY_PATH") or None
    # Certificates issued per client (POST /api/v1/certificates and the search page's
    # button), and verifications per client (Flask-Limiter syntax).
    CERTIFICATE_RATE_LIMIT = os.environ.get("CERTIFICATE_RATE_LIMIT") or "30 per minute"
    CERTIFICATE_VERIFY_RATE_LIMIT = (
        os.environ.get("CERTIFICATE_VERIFY_RATE_LIMIT") or "120 per minute"
    )
    # The largest JSON body the certificate endpoints read (a request or a document to verify).
    CERTIFICATE_MAX_BODY_BYTES = _env_int("CERTIFICATE_MAX_BODY_BYTES", 2 * 1024 * 1024)
    # --- Screening records and review of hits (issue 11) ---
    # Four-eyes rule: a true match or false positive counts once a second reviewer confirms.
    REVIEW_FOUR_EYES = _env_bool("REVIEW_FOUR_EYES", False)
    # The longest reason a decision on a hit may give.
    REVIEW_REASON_MAX_LENGTH = _env_int("REVIEW_REASON_MAX_LENGTH", 2000)
    # POST /api/v1/screen with a token: names one request may send for a background run
    # (over SCREENING_API_MAX_CHARS it answers 202 and screens on the job runner).
    SCREENING_RECORDS_MAX_NAMES = _env_int("SCREENING_RECORDS_MAX_NAMES", 20_000)
    # Runs listed per page of /admin/screenings; rows per page of a run's page.
    SCREENING_RUNS_PAGE_SIZE = _env_int("SCREENING_RUNS_PAGE_SIZE", 50)
    SCREENING_RUN_ROWS_PAGE_SIZE = _env_int("SCREENING_RUN_ROWS_PAGE_SIZE", 100)
    # --- Ongoing monitoring: monitored lists, alert digests, webhooks (issue 12) ---
    # Client names scored per changed designation (the most keys shared first, as a search).
    MONITOR_CANDIDATES = _env_int("MONITOR_CANDIDATES", 50)
    # Rows one monitored list may hold; rows one API request or CSV upload may add.
    MONITOR_MAX_ROWS = _env_int("MONITOR_MAX_ROWS", 50_000)
    MONITOR_MAX_ROWS_PER_REQUEST = _env_int("MONITOR_MAX_ROWS_PER_REQUEST", 10_000)
    # Monitored lists one account may keep; the longest list name.
    MONITOR_MAX_LISTS_PER_USER = _env_int("MONITOR_MAX_LISTS_PER_USER", 100)
    MONITOR_MAX_NAME_LENGTH = _env_int("MONITOR_MAX_NAME_LENGTH", 200)
    # Digests per page (API and the list's page), and the most one API page may ask for.
    MONITOR_DIGESTS_PAGE_SIZE = _env_int("MONITOR_DIGESTS_PAGE_SIZE", 20)
    MONITOR_DIGESTS_MAX_PAGE_SIZE = _env_int("MONITOR_DIGESTS_MAX_PAGE_SIZE", 100)
    # Webhooks: private, loopback and link-local targets only when this is on (on in
    # development and testing, off in production unless set).
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES = _env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False)
    # Seconds to connect, to wait for the answer, and for a whole attempt.
    WEBHOOK_CONNECT_TIMEOUT_SECONDS = _env_float("WEBHOOK_CONNECT_TIMEOUT_SECONDS", 5.0)
    WEBHOOK_READ_TIMEOUT_SECONDS = _env_float("WEBHOOK_READ_TIMEOUT_SECONDS", 10.0)
    WEBHOOK_TOTAL_TIMEOUT_SECONDS = _env_float("WEBHOOK_TOTAL_TIMEOUT_SECONDS", 20.0)
    # Seconds before the 2nd, 3rd, ... attempt of a failed delivery (comma-separated);
    # their number is the number of retries.
    WEBHOOK_RETRY_DELAYS_SECONDS = (
        os.environ.get("WEBHOOK_RETRY_DELAYS_SECONDS") or "30,120,600,1800"
    )
    WEBHOOK_MAX_URL_LENGTH = _env_int("WEBHOOK_MAX_URL_LENGTH", 2000)
    WEBHOOK_SECRET_MAX_LENGTH = _env_int("WEBHOOK_SECRET_MAX_LENGTH", 200)
    WEBHOOK_USER_AGENT = os.environ.get("WEBHOOK_USER_AGENT") or "sanctions-lookup webhook"
    # --- Speed (issue 16, and the load test of issue 10) ---
    # POST /api/v1/screen screens in a process beside each web worker (not in the worker's
    # threads, which keep the interpreter lock for searches), at this lower CPU priority,
    # and answers 503 if that takes over SCREENING_API_TIMEOUT_SECONDS. On in production.
    SCREENING_API_PROCESS = _env_bool("SCREENING_API_PROCESS", False)
    SCREENING_API_NICENESS = _env_int("SCREENING_API_NICENESS", 5)
    SCREENING_API_TIMEOUT_SECONDS = _env_float("SCREENING_API_TIMEOUT_SECONDS", 90.0)
    # An import of many changed names computes their index keys in this many processes
    # while it writes the rows (0: in the import's own process), from this many names up
    # (a process costs about a second of CPU to start).
    IMPORT_KEY_WORKERS = _env_int("IMPORT_KEY_WORKERS", min(2, os.cpu_count() or 1))
    IMPORT_KEY_WORKERS_MIN_NAMES = _env_int("IMPORT_KEY_WORKERS_MIN_NAMES", 5000)


class DevelopmentConfig(Config):
    DEBUG = False  # the debugger is opt-in via FLASK_DEBUG, never on by default
    # Development may run without SECRET_KEY: a random key per process is fine
    # there (sessions just do not survive a restart).
    SECRET_KEY = Config.SECRET_KEY or secrets.token_hex(32)
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES = _env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", True)


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret-key"
    # Tests choose their own database; an in-memory default keeps a stray test harmless.
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    # Jobs run at once in the request that queues them; tests that need a real
    # consumer set JOBS_URL and start one.
    JOBS_URL = "immediate"
    JOBS_RUN_IN_PROCESS = False
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES = _env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", True)


class ProductionConfig(Config):
    # No default: production names its hosts (create_app refuses to start otherwise).
    TRUSTED_HOSTS = _env_list("TRUSTED_HOSTS")
    HSTS_SECONDS = _env_int("HSTS_SECONDS", 365 * 24 * 60 * 60)
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    SCREENING_API_PROCESS = _env_bool("SCREENING_API_PROCESS", True)


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
