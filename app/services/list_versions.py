"""Which version of each list an answer was given against: the evidence a screening run
and a certificate of search record.

A list's version is its source code, its data date, when it was imported, the import
that loaded it (the audit trail's "import" entry) and a digest of its content as held
now: the SHA-256 of every designation's source reference, version, status and source
fingerprint, in reference order. The digest changes with any import or edit that
changes the list, and only then; two runs with the same digest saw the same list.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditEntry, Designation, SourceRef
from app.services import list_metadata
from app.services.export_cache import data_version

# How many recent import entries are read to find each list's last import.
_IMPORT_ENTRIES_READ = 500
# Digests per (database, data version): a process serves one database, so this stays tiny.
_DIGESTS: dict[tuple[str, str], dict[str, str]] = {}
_DIGESTS_KEPT = 8


@dataclass(frozen=True)
class ListVersion:
    source: str
    name: str
    data_date: date | None
    imported_at: datetime | None
    import_id: int | None  # the audit trail's import entry that last changed the list
    designations: int  # active designations
    digest: str  # sha256 of the list's content as held

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "name": self.name,
            "data_date": self.data_date.isoformat() if self.data_date else None,
            "imported_at": _iso(self.imported_at),
            "import_id": self.import_id,
            "designations": self.designations,
            "digest": self.digest,
        }


def list_versions(session: Session, stale_after_days: int = 30) -> list[ListVersion]:
    """Every list in the database, in the catalogue's order, with its content digest."""
    dates = list_metadata.list_dates(session, stale_after_days)
    digests = _content_digests(session)
    imports = _last_imports(session)
    return [
        ListVersion(
            source=entry.source,
            name=entry.name,
            data_date=entry.data_date,
            imported_at=entry.last_update,
            import_id=imports.get(entry.source),
            designations=entry.designations,
            digest=digests.get(entry.source, hashlib.sha256(b"").hexdigest()),
        )
        for entry in dates
    ]


def _content_digests(session: Session) -> dict[str, str]:
    key = (str(session.get_bind().url), data_version(session).tag)
    cached = _DIGESTS.get(key)
    if cached is not None:
        return cached
    rows = session.execute(
        select(
            SourceRef.source,
            SourceRef.ref,
            Designation.version,
            Designation.status,
            SourceRef.content_hash,
        )
        .join(Designation, Designation.id == SourceRef.designation_id)
        .order_by(SourceRef.source, SourceRef.ref)
    )
    hashers: dict[str, Any] = {}
    for source, ref, version, status, content_hash in rows:
        hasher = hashers.setdefault(source, hashlib.sha256())
        hasher.update(f"{ref}\x1f{version}\x1f{status}\x1f{content_hash or ''}\x1e".encode())
    digests = {source: hasher.hexdigest() for source, hasher in hashers.items()}
    if len(_DIGESTS) >= _DIGESTS_KEPT:
        _DIGESTS.clear()
    _DIGESTS[key] = digests
    return digests


def _last_imports(session: Session) -> dict[str, int]:
    entries = session.execute(
        select(AuditEntry.id, AuditEntry.details)
        .where(AuditEntry.action == "import")
        .order_by(AuditEntry.id.desc())
        .limit(_IMPORT_ENTRIES_READ)
    )
    found: dict[str, int] = {}
    for entry_id, details in entries:
        source = (details or {}).get("source")
        if isinstance(source, str) and source not in found:
            found[source] = entry_id
    return found


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()
