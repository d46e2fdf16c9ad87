"""Webhook delivery of alert digests: the target check, the signature, one attempt.

A monitored list's webhook gets each digest as a JSON ``POST`` signed with
``X-Signature-SHA256: <hex HMAC-SHA256 of the body with the list's secret>``. Each
delivery is a job; each attempt here is one request with the configured timeouts
and no redirects followed, recorded whatever happens (status, time, error). Unless
``allow_private`` (WEBHOOK_ALLOW_PRIVATE_ADDRESSES), a target whose host resolves to
any private, loopback, link-local or otherwise non-public address is refused, when
the webhook is saved and again before every attempt (DNS may have changed).

Flask-free: callers pass the settings.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.monitoring import (
    DELIVERY_DELIVERED,
    DELIVERY_FAILED,
    DELIVERY_PENDING,
    AlertDigest,
    MonitoredList,
    WebhookAttempt,
    WebhookDelivery,
)
from app.services.monitor_digests import digest_body_bytes

SIGNATURE_HEADER = "X-Signature-SHA256"
SCHEMES = ("http", "https")
# The most of a receiver's answer read (it is not used; reading some lets it finish).
MAX_ANSWER_BYTES = 64 * 1024


class WebhookTargetError(ValueError):
    """A webhook URL that is malformed or points where the app may not post."""


@dataclass(frozen=True)
class WebhookSettings:
    allow_private: bool
    connect_timeout: float
    read_timeout: float
    total_timeout: float
    retry_delays: tuple[float, ...]  # seconds before the 2nd, 3rd, ... attempt
    max_url_length: int
    max_secret_length: int
    user_agent: str

    @property
    def max_attempts(self) -> int:
        return len(self.retry_delays) + 1


@dataclass(frozen=True)
class AttemptOutcome:
    ok: bool
    status_code: int | None
    error: str
    seconds: float
    retry: bool = True  # False: trying again cannot help (a refused target)


def sign(body: bytes, secret: str) -> str:
    """The hex HMAC-SHA256 of ``body`` with ``secret``."""
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def check_url_form(url: str, max_length: int) -> str:
    """The URL if it is an absolute http(s) URL with a host, else WebhookTargetError."""
    url = (url or "").strip()
    if not url:
        raise WebhookTargetError("webhook_url is empty")
    if len(url) > max_length:
        raise WebhookTargetError(f"webhook_url is longer than {max_length} characters")
    if any(ord(c) < 33 for c in url):
        raise WebhookTargetError("webhook_url contains spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise WebhookTargetError("webhook_url is not a valid URL") from None
    if parts.scheme not in SCHEMES:
        raise WebhookTargetError("webhook_url must start with http:// or https://")
    if not parts.hostname:
        raise WebhookTargetError("webhook_url has no host")
    if parts.username or parts.password:
        raise WebhookTargetError("webhook_url must not carry a user name or password")
    if port == 0:
        raise WebhookTargetError("webhook_url has an invalid port")
    return url


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_target(url: str, settings: WebhookSettings) -> str:
    """Check the URL's form and, unless private targets are allowed, every address its
    host resolves to. The URL, or WebhookTargetError saying what is wrong."""
    url = check_url_form(url, settings.max_url_length)
    if settings.allow_private:
        return url
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise WebhookTargetError(f"the webhook host {host!r} does not resolve") from None
    addresses = {info[4][0] for info in infos}
    if not addresses:
        raise WebhookTargetError(f"the webhook host {host!r} does not resolve")
    refused = sorted(a for a in addresses if not _public(a))
    if refused:
        raise WebhookTargetError(
            f"the webhook host {host!r} resolves to a private, loopback or link-local "
            f"address ({', '.join(refused)}); such targets are refused "
            "(WEBHOOK_ALLOW_PRIVATE_ADDRESSES is off)"
        )
    return url


def attempt(url: str, body: bytes, secret: str | None, settings: WebhookSettings) -> AttemptOutcome:
    """One POST of ``body`` to ``url``: ok for a 2xx answer; never raises.

    Bounded in time: connect and read timeouts per step, and ``total_timeout`` for the
    whole attempt (a receiver trickling its answer is cut off)."""
    started = time.monotonic()
    headers = {"Content-Type": "application/json", "User-Agent": settings.user_agent}
    if secret:
        headers[SIGNATURE_HEADER] = sign(body, secret)

    def outcome(ok: bool, status: int | None, error: str, retry: bool = True) -> AttemptOutcome:
        seconds = round(time.monotonic() - started, 3)
        return AttemptOutcome(ok, status, error[:500], seconds, retry)

    try:
        check_target(url, settings)
        timeout = httpx.Timeout(
            settings.read_timeout, connect=settings.connect_timeout, pool=settings.connect_timeout
        )
        with (
            httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client,
            client.stream("POST", url, content=body, headers=headers) as response,
        ):
            read = 0
            for chunk in response.iter_bytes():
                read += len(chunk)
                if read > MAX_ANSWER_BYTES:
                    break
                if time.monotonic() - started > settings.total_timeout:
                    return outcome(False, response.status_code, "timed out reading the answer")
            status = response.status_code
    except WebhookTargetError as refused:
        return outcome(False, None, f"refused: {refused}", retry=False)
    except httpx.TimeoutException:
        return outcome(False, None, "timed out")
    except httpx.HTTPError as error:
        return outcome(False, None, str(error) or type(error).__name__)
    if 200 <= status < 300:
        return outcome(True, status, "")
    return outcome(False, status, f"the receiver answered {status}")


def deliver(
    session: Session, delivery_id: int, settings: WebhookSettings, job_id: str | None = None
) -> float | None:
    """Make one attempt at a pending delivery and record it (committed).

    The seconds to wait before the next attempt when this one failed and retries are
    left; None when the delivery is done (delivered, failed for good, or gone)."""
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.state != DELIVERY_PENDING:
        return None
    digest = session.get(AlertDigest, delivery.digest_id)
    monitored = session.get(MonitoredList, delivery.list_id)
    if digest is None or monitored is None:
        return None
    body = digest_body_bytes(digest)
    # The list's webhook as it is now: a secret changed since is the one the receiver knows.
    url = monitored.webhook_url or delivery.url
    session.commit()  # no transaction stays open while the receiver answers
    result = attempt(url, body, monitored.webhook_secret, settings)
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        return None
    session.add(
        WebhookAttempt(
            delivery_id=delivery.id,
            at=datetime.now(UTC),
            status_code=result.status_code,
            error=result.error,
            seconds=result.seconds,
            job_id=job_id,
        )
    )
    session.flush()
    tried = session.scalar(
        select(func.count(WebhookAttempt.id)).where(WebhookAttempt.delivery_id == delivery.id)
    )
    delay = None
    if result.ok:
        delivery.state, delivery.delivered_at, delivery.next_attempt_at = (
            DELIVERY_DELIVERED,
            datetime.now(UTC),
            None,
        )
    elif not result.retry or (tried or 0) >= settings.max_attempts:
        delivery.state, delivery.next_attempt_at = DELIVERY_FAILED, None
    else:
        delay = settings.retry_delays[(tried or 1) - 1]
        delivery.next_attempt_at = datetime.now(UTC) + timedelta(seconds=delay)
    session.commit()
    return delay
