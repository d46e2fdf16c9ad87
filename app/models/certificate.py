"""Certificates of search: the signed documents the app issued, kept as issued.

A certificate is written once and never changed: verification compares a presented
document with the one stored under its id.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.designation import utcnow

KINDS = ("search", "screening")


class Certificate(db.Model):
    __tablename__ = "certificates"

    # Random and unguessable (secrets.token_urlsafe): it is the page's address.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # "sha256:<hex>" of the canonical certificate, as in the document.
    digest: Mapped[str] = mapped_column(String(80))
    # The whole signed document as issued, canonical JSON (RFC 8785).
    document: Mapped[str] = mapped_column(Text)
    # Who asked for it, when signed in (never written into a search's document).
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True, nullable=True
    )
    # The screening run certified, for kind "screening".
    screening_id: Mapped[str | None] = mapped_column(String(64), index=True, nullable=True)
