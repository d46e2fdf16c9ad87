"""Monitored lists: client portfolios saved from screening runs, their rows and known hits.

A monitored list starts as a copy of a finished screening run: its rows (the clients)
and its hits (the (client, subject) pairs already known to match), checked against the
run's list versions. Rows can be added (each new row is screened once against the
whole database in a job, so that its existing matches are known too) and removed.
After each import that changed something, ``monitor_rescreen`` looks the changed
designations up among the rows and writes an alert digest.

Flask-free: the caller passes the settings (``MonitorSettings.from_config``) and
commits nothing here that it did not ask for: each function is one transaction.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.matching import keys_fingerprint
from app.models import ScreeningHit, ScreeningRow, ScreeningRun, User
from app.models.monitoring import MonitoredHit, MonitoredList, MonitoredRow
from app.models.screening_record import RUN_DONE
from app.services import screening_input, webhooks
from app.services.decisions import client_key
from app.services.monitor_index import MonitoredName, monitored_keys
from app.services.webhooks import WebhookSettings, WebhookTargetError

# The fields a monitored row keeps of its input (those of a screening row).
ROW_FIELDS = ("reference", "name", "birth_date", "country", "id_number")
# The longest client reference kept.
REFERENCE_MAX_LENGTH = 200


class MonitoringError(ValueError):
    """Refused input; ``field`` names the field or row that is wrong."""

    def __init__(self, field: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.status = status


@dataclass(frozen=True)
class MonitorSettings:
    candidate_limit: int
    max_rows: int
    max_rows_per_request: int
    max_lists_per_user: int
    max_list_name_length: int
    max_client_name_length: int
    digests_page_size: int
    digests_max_page_size: int
    four_eyes: bool
    webhooks: WebhookSettings

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> MonitorSettings:
        return cls(
            candidate_limit=int(config["MONITOR_CANDIDATES"]),
            max_rows=int(config["MONITOR_MAX_ROWS"]),
            max_rows_per_request=int(config["MONITOR_MAX_ROWS_PER_REQUEST"]),
            max_lists_per_user=int(config["MONITOR_MAX_LISTS_PER_USER"]),
            max_list_name_length=int(config["MONITOR_MAX_NAME_LENGTH"]),
            max_client_name_length=int(config["SEARCH_MAX_QUERY_LENGTH"]),
            digests_page_size=int(config["MONITOR_DIGESTS_PAGE_SIZE"]),
            digests_max_page_size=int(config["MONITOR_DIGESTS_MAX_PAGE_SIZE"]),
            four_eyes=bool(config.get("REVIEW_FOUR_EYES", False)),
            webhooks=webhook_settings(config),
        )


def webhook_settings(config: Mapping[str, Any]) -> WebhookSettings:
    delays = []
    for part in str(config["WEBHOOK_RETRY_DELAYS_SECONDS"]).split(","):
        if part.strip():
            delays.append(max(0.0, float(part)))
    return WebhookSettings(
        allow_private=bool(config["WEBHOOK_ALLOW_PRIVATE_ADDRESSES"]),
        connect_timeout=float(config["WEBHOOK_CONNECT_TIMEOUT_SECONDS"]),
        read_timeout=float(config["WEBHOOK_READ_TIMEOUT_SECONDS"]),
        total_timeout=float(config["WEBHOOK_TOTAL_TIMEOUT_SECONDS"]),
        retry_delays=tuple(delays),
        max_url_length=int(config["WEBHOOK_MAX_URL_LENGTH"]),
        max_secret_length=int(config["WEBHOOK_SECRET_MAX_LENGTH"]),
        user_agent=str(config["WEBHOOK_USER_AGENT"]),
    )


# --- reading a list ---------------------------------------------------------------


def visible_list(session: Session, user: User, list_id: int) -> MonitoredList | None:
    """The list if ``user`` owns it (or is an admin); None otherwise (a 404 for others)."""
    monitored = session.get(MonitoredList, list_id)
    if monitored is None:
        return None
    if monitored.user_id != user.id and not user.has_role("admin"):
        return None
    return monitored


def lists_of(session: Session, user: User) -> list[MonitoredList]:
    return list(
        session.scalars(
            select(MonitoredList)
            .where(MonitoredList.user_id == user.id)
            .order_by(MonitoredList.id.desc())
        )
    )


def row_count(session: Session, list_id: int) -> int:
    return (
        session.scalar(select(func.count(MonitoredRow.id)).where(MonitoredRow.list_id == list_id))
        or 0
    )


def monitored_names(rows: Iterable[MonitoredRow]) -> list[MonitoredName]:
    """The rows as the matcher reads them."""
    found = []
    for row in rows:
        birth_date = birth_year = None
        birth = (row.input or {}).get("birth_date")
        if birth:
            try:
                birth_date, birth_year = screening_input.parse_birth(birth)
            except ValueError:
                pass  # checked when the row was added; an old row keeps its name
        found.append(
            MonitoredName(
                row_id=row.id,
                name=row.name,
                keys=row.keys or (),
                birth_date=birth_date,
                birth_year=birth_year,
                country=(row.input or {}).get("country") or None,
            )
        )
    return found


# --- creating and changing a list --------------------------------------------------


def _checked_name(name: object, settings: MonitorSettings) -> str:
    if not isinstance(name, str) or not name.strip():
        raise MonitoringError("name", "name is required: what the list is called")
    name = " ".join(name.split())
    if len(name) > settings.max_list_name_length:
        raise MonitoringError(
            "name", f"name must be at most {settings.max_list_name_length} characters"
        )
    return name


def check_webhook(
    url: object, secret: object, settings: MonitorSettings
) -> tuple[str | None, str | None]:
    """The webhook URL and secret as given, checked (MonitoringError names the field)."""
    if url in (None, ""):
        if secret not in (None, ""):
            raise MonitoringError("webhook_secret", "webhook_secret needs a webhook_url")
        return None, None
    if not isinstance(url, str):
        raise MonitoringError("webhook_url", "webhook_url must be a string")
    try:
        url = webhooks.check_target(url, settings.webhooks)
    except WebhookTargetError as error:
        raise MonitoringError("webhook_url", str(error)) from None
    if secret in (None, ""):
        return url, None
    if not isinstance(secret, str):
        raise MonitoringError("webhook_secret", "webhook_secret must be a string")
    if len(secret) > settings.webhooks.max_secret_length:
        raise MonitoringError(
            "webhook_secret",
            f"webhook_secret must be at most {settings.webhooks.max_secret_length} characters",
        )
    if any(ord(c) < 32 for c in secret):
        raise MonitoringError("webhook_secret", "webhook_secret must not hold control characters")
    return url, secret


def _new_row(input_row: dict) -> MonitoredRow:
    kept = {key: input_row.get(key) for key in ROW_FIELDS}
    return MonitoredRow(input=kept, name=kept["name"] or "", client_key=client_key(kept))


def create_from_run(
    session: Session,
    user: User,
    *,
    name: object,
    screening_id: object,
    webhook_url: object = None,
    webhook_secret: object = None,
    settings: MonitorSettings,
) -> MonitoredList:
    """A monitored list made of a finished run's rows and hits (committed)."""
    list_name = _checked_name(name, settings)
    if not isinstance(screening_id, str) or not screening_id or len(screening_id) > 40:
        raise MonitoringError("screening_id", "screening_id must be the id of a screening run")
    run = session.get(ScreeningRun, screening_id)
    if run is None or (run.user_id != user.id and not user.has_role("admin")):
        raise MonitoringError("screening_id", "no screening run of yours has this id", 404)
    if run.status != RUN_DONE:
        raise MonitoringError(
            "screening_id",
            f"the screening run is {run.status}: only a finished run can be monitored",
        )
    url, secret = check_webhook(webhook_url, webhook_secret, settings)
    owned = session.scalar(
        select(func.count(MonitoredList.id)).where(MonitoredList.user_id == user.id)
    )
    if (owned or 0) >= settings.max_lists_per_user:
        raise MonitoringError(
            "name", f"an account may keep at most {settings.max_lists_per_user} monitored lists"
        )
    source_rows = list(
        session.scalars(
            select(ScreeningRow).where(ScreeningRow.run_id == run.id).order_by(ScreeningRow.line)
        )
    )
    usable = [
        r
        for r in source_rows
        if isinstance((r.input or {}).get("name"), str) and r.input["name"].strip()
    ]
    if len(usable) > settings.max_rows:
        raise MonitoringError(
            "screening_id",
            f"the run has {len(usable)} rows; a monitored list holds at most {settings.max_rows}",
        )
    monitored = MonitoredList(
        user_id=user.id,
        name=list_name,
        screening_id=run.id,
        threshold=run.threshold,
        webhook_url=url,
        webhook_secret=secret,
        last_checked_at=run.finished_at or run.created_at,
        checked_versions=list(run.list_versions or []),
        keys_fingerprint=keys_fingerprint(),
    )
    session.add(monitored)
    by_run_row: dict[int, MonitoredRow] = {}
    for source in usable:
        row = _new_row(source.input or {})
        row.line = source.line
        monitored.rows.append(row)
        by_run_row[source.id] = row
    session.flush()
    now = datetime.now(UTC)
    seen: set[tuple[int, str]] = set()
    for hit in session.scalars(select(ScreeningHit).where(ScreeningHit.run_id == run.id)):
        row = by_run_row.get(hit.row_id)
        if row is None or (row.id, hit.subject_key) in seen:
            continue
        seen.add((row.id, hit.subject_key))
        session.add(
            MonitoredHit(
                list_id=monitored.id,
                row_id=row.id,
                subject_key=hit.subject_key,
                designation_id=hit.designation_id,
                score=hit.score,
                first_seen_at=now,
                updated_at=now,
            )
        )
    session.commit()
    return monitored


def parse_rows(items: object, settings: MonitorSettings) -> list[dict]:
    """API rows (``[{"name", "reference"?, "birth_date"?, "country"?, "id_number"?}]``)
    checked as the screening API checks names; MonitoringError names ``rows[i].field``."""
    if not isinstance(items, list) or not items:
        raise MonitoringError("rows", "rows must be a non-empty list of objects with a name")
    if len(items) > settings.max_rows_per_request:
        raise MonitoringError(
            "rows", f"at most {settings.max_rows_per_request} rows per request", 413
        )
    found = []
    for index, item in enumerate(items):
        parsed = screening_input.row_from_json(index, item, settings.max_client_name_length)
        if parsed.error:
            raise MonitoringError(f"rows[{index}]", parsed.error.replace("names[", "rows[", 1))
        if not parsed.name:
            raise MonitoringError(f"rows[{index}].name", f"rows[{index}].name: is required")
        reference = parsed.reference.strip() if parsed.reference else None
        if reference and len(reference) > REFERENCE_MAX_LENGTH:
            raise MonitoringError(
                f"rows[{index}].reference",
                f"rows[{index}].reference: must be at most {REFERENCE_MAX_LENGTH} characters",
            )
        found.append(
            {
                "reference": reference or None,
                "name": parsed.name,
                "birth_date": (item.get("birth_date") or "").strip() or None,
                "country": parsed.country[:100] if parsed.country else None,
                "id_number": parsed.id_number,
            }
        )
    return found


def csv_rows(data: bytes, settings: MonitorSettings) -> list[dict]:
    """The rows of an uploaded CSV (the screening upload's layout rules); bad rows refuse it."""
    stream = io.BytesIO(data)
    try:
        layout = screening_input.inspect_csv(stream)
        stream.seek(0)
        text = screening_input.open_text(stream, layout.encoding)
        rows = list(screening_input.read_rows(text, layout, settings.max_client_name_length))
    except (screening_input.ScreeningFileError, csv.Error, UnicodeError) as error:
        raise MonitoringError("file", f"the file was not read: {error}") from None
    if len(rows) > settings.max_rows_per_request:
        raise MonitoringError(
            "file", f"at most {settings.max_rows_per_request} rows per upload", 413
        )
    found = []
    for row in rows:
        if row.error or not row.name:
            raise MonitoringError("file", f"line {row.line}: {row.error or 'the name is empty'}")
        found.append(
            {
                "reference": (row.reference or "").strip()[:REFERENCE_MAX_LENGTH] or None,
                "name": row.name,
                "birth_date": row.birth_date.isoformat()
                if row.birth_date
                else (str(row.birth_year) if row.birth_year else None),
                "country": row.country,
                "id_number": row.id_number,
            }
        )
    if not found:
        raise MonitoringError("file", "the file holds no rows")
    return found


def add_rows(
    session: Session, monitored: MonitoredList, rows: list[dict], settings: MonitorSettings
) -> list[MonitoredRow]:
    """Add checked rows (``parse_rows``/``csv_rows``), committed; the caller then queues
    their first screening (``monitor_rescreen.baseline``)."""
    total = row_count(session, monitored.id) + len(rows)
    if total > settings.max_rows:
        raise MonitoringError(
            "rows", f"a monitored list holds at most {settings.max_rows} rows", 413
        )
    line = (
        session.scalar(
            select(func.max(MonitoredRow.line)).where(MonitoredRow.list_id == monitored.id)
        )
        or 0
    )
    added = []
    for values in rows:
        line += 1
        row = _new_row(values)
        row.line = line
        row.list_id = monitored.id
        row.keys = monitored_keys(row.name)
        row.baseline_pending = True
        session.add(row)
        added.append(row)
    session.commit()
    return added


def remove_rows(
    session: Session,
    monitored: MonitoredList,
    ids: object,
    references: object,
    settings: MonitorSettings,
) -> int:
    """Remove rows by id or by client reference (committed); how many went."""
    for field, given in (("ids", ids), ("references", references)):
        if isinstance(given, list) and len(given) > settings.max_rows_per_request:
            raise MonitoringError(
                field, f"{field}: at most {settings.max_rows_per_request} per request", 413
            )
    wanted_ids: list[int] = []
    if ids is not None:
        if not isinstance(ids, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in ids
        ):
            raise MonitoringError("ids", "ids must be a list of row ids (integers)")
        wanted_ids = [i for i in ids if 0 < i < 2**63]
    wanted_refs: list[str] = []
    if references is not None:
        if not isinstance(references, list) or not all(isinstance(r, str) for r in references):
            raise MonitoringError("references", "references must be a list of strings")
        wanted_refs = [
            client_key({"reference": r[:REFERENCE_MAX_LENGTH]}) for r in references if r.strip()
        ]
    if not wanted_ids and not wanted_refs:
        raise MonitoringError("ids", "give the rows to remove: ids or references")
    condition = MonitoredRow.list_id == monitored.id
    matching = select(MonitoredRow.id).where(condition)
    if wanted_ids and wanted_refs:
        matching = matching.where(
            MonitoredRow.id.in_(wanted_ids) | MonitoredRow.client_key.in_(wanted_refs)
        )
    elif wanted_ids:
        matching = matching.where(MonitoredRow.id.in_(wanted_ids))
    else:
        matching = matching.where(MonitoredRow.client_key.in_(wanted_refs))
    doomed = list(session.scalars(matching))
    if doomed:
        session.execute(delete(MonitoredHit).where(MonitoredHit.row_id.in_(doomed)))
        session.execute(delete(MonitoredRow).where(MonitoredRow.id.in_(doomed)))
    session.commit()
    return len(doomed)


def row_dict(row: MonitoredRow) -> dict:
    return {"id": row.id, "line": row.line, **{k: (row.input or {}).get(k) for k in ROW_FIELDS}}


def list_dict(session: Session, monitored: MonitoredList) -> dict:
    return {
        "id": monitored.id,
        "name": monitored.name,
        "screening_id": monitored.screening_id,
        "created_at": _iso(monitored.created_at),
        "rows": row_count(session, monitored.id),
        "threshold": monitored.threshold,
        "webhook_url": monitored.webhook_url,
        "webhook_signed": bool(monitored.webhook_secret),
        "last_checked_at": _iso(monitored.last_checked_at),
        "checked_lists": list(monitored.checked_versions or []),
    }


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()
