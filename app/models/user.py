"""Staff accounts for the admin area: analysts screen and review hits, editors also enter
data, admins also manage users."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.designation import utcnow

# Roles from least to most powerful; a role may do everything the ones before it may.
ROLES = ("analyst", "editor", "admin")


def new_session_token() -> str:
    return secrets.token_hex(16)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-cased
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="editor")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Part of the id kept in the session cookie: changing it (new password,
    # deactivation) signs out every session of this account.
    session_token: Mapped[str] = mapped_column(String(32), default=new_session_token)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def has_role(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class SignInCounter(db.Model):
    """Failed (or in-flight) sign-ins per key in a fixed window, shared by every worker.

    ``key`` is ``account:<email>`` or ``address:<client address>``; the count is raised
    by one atomic statement in the database, so parallel requests are all counted.
    """

    __tablename__ = "sign_in_counters"

    key: Mapped[str] = mapped_column(String(320), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
