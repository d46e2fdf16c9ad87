"""API tokens of accounts: created, looked up by their text, revoked. Flask-free.

A token is ``sl_`` and 43 characters of ``secrets.token_urlsafe(32)`` (256 random bits),
shown once when created; only its SHA-256 is stored (a fast hash is enough for a
random secret of that size: nothing to guess from it). A token speaks for its account
while the account is active and the token not revoked; each use records its time.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ApiToken, User
from app.services import audit
from app.services.validation import control_character

PREFIX = "sl_"
NAME_MAX_LENGTH = 100
# A token's text: the prefix and token_urlsafe(32) (43 characters); anything longer is refused.
TOKEN_MAX_LENGTH = 80
TOKENS_PER_ACCOUNT = 20
# Last use is written at most this often per token (a busy client would write on every call).
LAST_USE_RESOLUTION = timedelta(seconds=60)


class TokenError(ValueError):
    """A refused token change; ``field`` names the form field it is about."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def token_hash(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8", "replace")).hexdigest()


def create_token(session: Session, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user`` (committed) and its text, which is never shown again."""
    name = " ".join((name or "").split())
    if not name:
        raise TokenError("name", "Give the token a name (what uses it).")
    if len(name) > NAME_MAX_LENGTH:
        raise TokenError("name", f"The name must be at most {NAME_MAX_LENGTH} characters.")
    if control_character(name) is not None:
        raise TokenError("name", "The name must not contain control characters.")
    if len(tokens_of(session, user)) >= TOKENS_PER_ACCOUNT:
        raise TokenError(
            "name", f"An account may hold {TOKENS_PER_ACCOUNT} active tokens: revoke one first."
        )
    plaintext = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=token_hash(plaintext),
        prefix=plaintext[: len(PREFIX) + 4],
        created_at=datetime.now(UTC),
    )
    session.add(token)
    session.flush()
    audit.record(
        session,
        audit.Actor.for_user(user),
        "token-create",
        summary=f"API token {name!r} created for {user.email}",
        details={"user_id": user.id, "token_id": token.id},
    )
    session.commit()
    return token, plaintext


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    """The account's active tokens, newest first."""
    return list(
        session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.id.desc())
        )
    )


def user_for_token(session: Session, plaintext: str) -> User | None:
    """The active account of an active token (recording this use), else None."""
    if not plaintext or len(plaintext) > TOKEN_MAX_LENGTH or not plaintext.startswith(PREFIX):
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(plaintext)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    now = datetime.now(UTC)
    last = token.last_used_at
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    if last is None or now - last >= LAST_USE_RESOLUTION:
        token.last_used_at = now
        session.commit()
    return token.user


def revoke(session: Session, token_id: int, user: User) -> bool:
    """Revoke ``user``'s token ``token_id`` (committed); False if it is not theirs or gone."""
    token = session.get(ApiToken, token_id) if 0 < token_id < 2**63 else None
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        return False
    token.revoked_at = datetime.now(UTC)
    audit.record(
        session,
        audit.Actor.for_user(user),
        "token-revoke",
        summary=f"API token {token.name!r} of {user.email} revoked",
        details={"user_id": user.id, "token_id": token.id},
    )
    session.commit()
    return True
