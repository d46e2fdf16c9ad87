"""Bearer tokens on API requests: who a request speaks for (neutral: any blueprint uses it).

``bearer_user()`` is the account of a valid ``Authorization: Bearer TOKEN`` header,
None when the request has no Authorization header, and a 401 JSON answer (abort)
when it has one that is malformed, unknown or revoked: a client that meant to sign
its request never has it silently run as anonymous.
"""

from __future__ import annotations

from flask import request
from werkzeug.exceptions import Unauthorized

from app.extensions import db
from app.models import User
from app.services import api_tokens

# The request's account, once found (per request: the WSGI environ, not ``g``, which an
# app context kept open across requests would share).
_CACHE_KEY = "sanctions.bearer_user"


def _refuse(message: str) -> None:
    """401 with ``message``: the API's error handler answers it as JSON."""
    raise Unauthorized(description=message)


def bearer_user() -> User | None:
    """The account of the request's Bearer token; None without one; 401 if it is bad."""
    if _CACHE_KEY in request.environ:
        return request.environ[_CACHE_KEY]
    header = request.headers.get("Authorization")
    if header is None:
        request.environ[_CACHE_KEY] = None
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        _refuse("Authorization: give 'Bearer TOKEN' with an API token of your account.")
    user = api_tokens.user_for_token(db.session, token.strip())
    if user is None:
        _refuse("Authorization: the API token is unknown, revoked, or its account is disabled.")
    request.environ[_CACHE_KEY] = user
    return user


def require_bearer_user() -> User:
    """The account of the request's Bearer token, or a 401 JSON answer without a valid one."""
    user = bearer_user()
    if user is None:
        _refuse("Authorization: this endpoint needs 'Authorization: Bearer TOKEN'.")
    assert user is not None
    return user
