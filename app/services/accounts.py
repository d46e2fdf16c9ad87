"""Staff accounts: create, sign in (with lockout), change password, role or access.

Passwords are hashed with werkzeug (scrypt); neither a password nor its hash is
ever logged, shown or written to the audit trail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from app.models import ROLES, User
from app.models.user import new_session_token
from app.services import audit
from app.services import sign_in_limits as limits
from app.services.audit import Actor

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AccountError(ValueError):
    """A refused account change; ``field`` names the form field it is about."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class LoginPolicy:
    """``lockout_attempts`` wrong passwords in a row lock an account for ``lockout``;
    ``per_account`` bounds the sign-ins tried on one account (each is counted before its
    password is checked), ``per_address`` the failures from one client address."""

    lockout_attempts: int
    lockout: timedelta
    per_account: limits.Limit | None = None
    per_address: limits.Limit | None = None


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in: the user, or None with ``limited`` when a rate limit refused."""

    user: User | None
    limited: bool = False


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def check_password_rules(password: str, min_length: int) -> None:
    if len(password or "") < min_length:
        raise AccountError("password", f"Use at least {min_length} characters.")


@cache
def _dummy_hash() -> str:
    # Checked against when the email is unknown, so both cases take as long.
    return generate_password_hash("not a real password")


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; every stored time is UTC.
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def get_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def load_session_user(session: Session, session_id: str) -> User | None:
    """The user a session cookie names, if its token is still current and the user active."""
    user_id, _, token = (session_id or "").partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = session.get(User, int(user_id))
    if user is None or user.session_token != token or not user.active:
        return None
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.email)))


def create_user(
    session: Session, email: str, password: str, role: str, min_length: int, actor: Actor
) -> User:
    """Create an account and commit; AccountError names the refused field."""
    email = normalise_email(email)
    if not _EMAIL.match(email) or len(email) > 254:
        raise AccountError("email", "Give a valid email address.")
    if role not in ROLES:
        raise AccountError("role", f"The role must be one of {', '.join(ROLES)}.")
    check_password_rules(password, min_length)
    if get_user_by_email(session, email) is not None:
        raise AccountError("email", "An account with this email already exists.")
    user = User(email=email, password_hash=generate_password_hash(password), role=role)
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor,
        "user-create",
        summary=f"Account {email} created with role {role}",
        details={"user_id": user.id, "role": role},
    )
    session.commit()
    return user


def authenticate(
    session: Session, email: str, password: str, policy: LoginPolicy, address: str | None = None
) -> SignIn:
    """Check a sign-in against the password, the lockout and the limits. Commits.

    Every count is one atomic statement in the database, so parallel attempts (threads,
    workers, machines) are all counted. The per-account limit is counted before the
    password is checked: no more than its amount are ever checked in a window. The
    per-address limit only counts failures and never refuses a right password (behind
    a proxy every user may share one address).
    """
    now = datetime.now(UTC)
    email = normalise_email(email)
    account = limits.account_key(email)
    if policy.per_account is not None:
        tried = limits.count(session, account, policy.per_account.period)
        if tried > policy.per_account.amount:
            return SignIn(None, limited=True)
    user = get_user_by_email(session, email)
    if user is None or (_aware(user.locked_until) or now) > now:
        check_password_hash(_dummy_hash(), password or "")
        return _failed(session, policy, address)
    if not check_password_hash(user.password_hash, password or ""):
        _count_failed_password(session, user, policy)
        return _failed(session, policy, address)
    if not user.active:
        return SignIn(None)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    limits.clear(session, account)
    session.commit()
    return SignIn(user)


def _failed(session: Session, policy: LoginPolicy, address: str | None) -> SignIn:
    """A refused sign-in, counted against the client's address."""
    limit = policy.per_address
    if limit is None:
        return SignIn(None)
    failures = limits.count(session, limits.address_key(address), limit.period)
    if failures == 1:  # a new window: forget the windows that ended long ago
        limits.prune(session, max(limit.period, policy.lockout) * 4)
    return SignIn(None, limited=failures > limit.amount)


def _count_failed_password(session: Session, user: User, policy: LoginPolicy) -> None:
    """One more wrong password, counted in the database; enough of them in a row lock
    the account. Commits."""
    user_id = user.id
    session.execute(
        update(User).where(User.id == user_id).values(failed_logins=User.failed_logins + 1)
    )
    session.execute(
        update(User)
        .where(User.id == user_id, User.failed_logins >= policy.lockout_attempts)
        .values(locked_until=datetime.now(UTC) + policy.lockout, failed_logins=0)
    )
    session.commit()
    session.refresh(user)


def is_locked(user: User) -> bool:
    locked_until = _aware(user.locked_until)
    return locked_until is not None and locked_until > datetime.now(UTC)


def set_password(
    session: Session, user: User, password: str, min_length: int, actor: Actor
) -> None:
    """Change the password and sign out the account's other sessions. Commits."""
    check_password_rules(password, min_length)
    user.password_hash = generate_password_hash(password)
    user.session_token = new_session_token()
    audit.record(
        session,
        actor,
        "user-update",
        summary=f"Password of {user.email} changed",
        details={"user_id": user.id},
    )
    session.commit()


def change_own_password(
    session: Session, user: User, current: str, new: str, policy: LoginPolicy, min_length: int
) -> None:
    """A signed-in user's own change: the current password first, with the lockout.

    A wrong current password counts as a failed sign-in, so a stolen session cannot
    be used to guess it. Commits.
    """
    if not check_password_hash(user.password_hash, current or ""):
        _count_failed_password(session, user, policy)
        raise AccountError("current", "That is not your current password.")
    if new == current:
        raise AccountError("password", "The new password must differ from the current one.")
    check_password_rules(new, min_length)
    user.failed_logins = 0
    set_password(session, user, new, min_length, Actor.for_user(user))


def unlock(session: Session, user: User) -> None:
    """Clear the lockout and the sign-in limits that stop this account (the caller commits).

    The per-address counts go too: they only slow down failures, and the address that
    locked the account out is usually the one its owner signs in from."""
    user.locked_until = None
    user.failed_logins = 0
    limits.clear(session, limits.account_key(user.email))
    limits.clear_addresses(session)


def end_sessions(session: Session, user: User) -> None:
    """Sign out every session of the account (its cookies name the old token). Commits."""
    user.session_token = new_session_token()
    session.commit()


def update_access(session: Session, user: User, role: str, active: bool, actor: Actor) -> None:
    """Change an account's role or access; unlock it. Commits."""
    if role not in ROLES:
        raise AccountError("role", f"The role must be one of {', '.join(ROLES)}.")
    if actor.user_id == user.id and (role != user.role or not active):
        raise AccountError("role", "You cannot change your own role or access.")
    changes = {}
    if role != user.role:
        changes["role"] = [user.role, role]
    if active != user.active:
        changes["active"] = [user.active, active]
        if not active:
            user.session_token = new_session_token()
    user.role = role
    user.active = active
    unlock(session, user)
    audit.record(
        session,
        actor,
        "user-update",
        summary=f"Access of {user.email} changed",
        changes=changes,
        details={"user_id": user.id},
    )
    session.commit()
