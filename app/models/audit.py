"""The audit trail: one append-only row per change to the data or the accounts.

Rows are only ever inserted: ``append_only`` (app/models/append_only.py) refuses to
update or delete them, whether through a loaded object or a bulk UPDATE/DELETE
statement, so no code path of the app can rewrite history.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.append_only import append_only
from app.models.designation import utcnow

# What an entry records, with the words the pages use for it.
ACTIONS: dict[str, str] = {
    "create": "Created",
    "update": "Edited",
    "delist": "Delisted",
    "relist": "Re-listed",
    "import": "Import",
    "import-create": "Created by import",
    "import-update": "Updated by import",
    "link": "Linked across lists",
    "link-confirm": "Link to another list confirmed",
    "link-reject": "Link to another list rejected",
    "user-create": "Account created",
    "user-update": "Account changed",
    "correction": "Data corrected",
    "token-create": "API token created",
    "token-revoke": "API token revoked",
    "hit-decision": "Hit decided",
}


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    # Who: the account's email at the time, or "cli" for commands run on the server.
    actor: Mapped[str] = mapped_column(String(254), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(32), index=True)
    # No foreign key: the trail must outlive anything it describes.
    designation_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # The import-level entry a per-designation import entry belongs to.
    parent_id: Mapped[int | None] = mapped_column(Integer, index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    # Field-level changes: {"field": [before, after]} (None where there was nothing).
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    # Anything else worth keeping: the file of an import, its counts, a delisting reference.
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    @property
    def action_label(self) -> str:
        return ACTIONS.get(self.action, self.action)


class AuditTrailIsAppendOnly(Exception):
    """Raised on any attempt to change or remove an audit entry."""


append_only(AuditEntry, AuditTrailIsAppendOnly, "audit entry")
