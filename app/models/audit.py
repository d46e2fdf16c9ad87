"""The audit trail: one append-only row per change to the data or the accounts.

Rows are only ever inserted. The ORM events at the bottom refuse to update or
delete them, whether through a loaded object or a bulk UPDATE/DELETE statement,
so no code path of the app can rewrite history. (A database administrator still
can; a database-level guard would be per backend and is left to deployment.)
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column

from app.extensions import db
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


@event.listens_for(AuditEntry, "before_update")
def _refuse_update(mapper, connection, target) -> None:  # noqa: ANN001
    raise AuditTrailIsAppendOnly(f"audit entry {target.id} cannot be changed")


@event.listens_for(AuditEntry, "before_delete")
def _refuse_delete(mapper, connection, target) -> None:  # noqa: ANN001
    raise AuditTrailIsAppendOnly(f"audit entry {target.id} cannot be deleted")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    table = getattr(state.statement, "table", None)
    if (mapper is not None and mapper.class_ is AuditEntry) or (
        table is not None and getattr(table, "name", None) == AuditEntry.__tablename__
    ):
        raise AuditTrailIsAppendOnly("audit entries cannot be changed or deleted")
