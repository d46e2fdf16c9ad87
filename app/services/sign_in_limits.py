"""Sign-in counters in the database: one atomic statement per count, shared by all workers.

Each key (``account:<email>``, ``address:<client address>``) has a fixed window: the
first count opens it, and a count after ``period`` has passed opens a new one. The
upsert raises the count inside the database, so parallel requests (threads, gunicorn
workers, machines on one PostgreSQL) are each counted once: none reads a stale value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import case, delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.models import SignInCounter

ACCOUNT = "account:"
ADDRESS = "address:"


@dataclass(frozen=True)
class Limit:
    """At most ``amount`` counts per ``period``."""

    amount: int
    period: timedelta


def account_key(email: str) -> str:
    return ACCOUNT + email


def address_key(address: str | None) -> str:
    return ADDRESS + (address or "unknown")[:300]


def count(session: Session, key: str, period: timedelta) -> int:
    """Add one to ``key`` in its current window and return the new count. Commits."""
    now = datetime.now(UTC)
    cutoff = now - period
    table = SignInCounter.__table__
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    expired = table.c.window_start < cutoff
    statement = insert(table).values(key=key, window_start=now, count=1)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            "count": case((expired, 1), else_=table.c.count + 1),
            "window_start": case((expired, now), else_=table.c.window_start),
        },
    )
    session.execute(statement)
    # The row stays locked by this transaction until the commit: this reads our count.
    value = session.scalar(select(table.c.count).where(table.c.key == key))
    session.commit()
    return int(value or 0)


def current(session: Session, key: str, period: timedelta) -> int:
    """The count of ``key`` in its current window (0 if none is open)."""
    row = session.get(SignInCounter, key)
    if row is None:
        return 0
    start = row.window_start
    if start.tzinfo is None:  # SQLite hands back naive datetimes; all are UTC
        start = start.replace(tzinfo=UTC)
    return row.count if start >= datetime.now(UTC) - period else 0


def clear(session: Session, *keys: str) -> None:
    """Forget the counts of ``keys`` (the caller commits)."""
    if keys:
        session.execute(delete(SignInCounter).where(SignInCounter.key.in_(keys)))


def clear_addresses(session: Session) -> None:
    """Forget every per-address count (the caller commits)."""
    session.execute(delete(SignInCounter).where(SignInCounter.key.startswith(ADDRESS)))


def prune(session: Session, older_than: timedelta) -> None:
    """Drop windows that ended long ago, so unknown emails do not pile up. Commits."""
    cutoff = datetime.now(UTC) - older_than
    session.execute(delete(SignInCounter).where(SignInCounter.window_start < cutoff))
    session.commit()
