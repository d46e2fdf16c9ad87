"""Request hardening: trusted hosts, the reverse proxy's headers, JSON bodies, headers.

``init_app`` wires everything in create_app; the settings are in config.py
(the "Hardening" block).
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask, Response, current_app, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.middleware.proxy_fix import ProxyFix

from app.extensions import limiter

# Everything is served by the app itself: no CDN, no inline script.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class _BracketedHost(str):
    """A trusted IPv6 literal such as ``[::1]``.

    Werkzeug drops a trusted entry's port with ``partition(":")``, which cuts an IPv6
    literal to ``[``; this entry keeps itself whole, so ``[::1]`` (any port) matches.
    """

    __slots__ = ()

    def partition(self, sep: str) -> tuple[str, str, str]:  # type: ignore[override]
        return (str(self), "", "")


def trusted_hosts(hosts: list[str] | tuple[str, ...]) -> list[str]:
    return [_BracketedHost(h) if h.startswith("[") else h for h in hosts]


_SLOTS: dict[tuple[str, int], threading.BoundedSemaphore] = {}
_SLOTS_LOCK = threading.Lock()


def work_slot(kind: str, size: int) -> threading.BoundedSemaphore:
    """The semaphore bounding how many requests of ``kind`` do heavy work at once in this
    process (the other threads of a worker keep the CPU for searches)."""
    with _SLOTS_LOCK:
        return _SLOTS.setdefault((kind, max(1, size)), threading.BoundedSemaphore(max(1, size)))


class SafeJSONProvider(DefaultJSONProvider):
    """JSON bodies nested too deeply to parse are bad input (400), not a RecursionError."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("the JSON is nested too deeply") from None


def check_config(app: Flask) -> None:
    """Refuse to start a production app that would trust any Host header."""
    hosts = app.config.get("TRUSTED_HOSTS")
    if not hosts:
        raise RuntimeError(
            "TRUSTED_HOSTS is not set: production refuses to start without the host names "
            "it serves (e.g. TRUSTED_HOSTS=sanctions.example.org)"
        )
    if isinstance(hosts, str):
        hosts = [h.strip() for h in hosts.split(",") if h.strip()]
    app.config["TRUSTED_HOSTS"] = trusted_hosts(list(hosts))


def init_app(app: Flask) -> None:
    check_config(app)
    app.json = SafeJSONProvider(app)
    proxy = {
        key: app.config[f"PROXY_FIX_X_{key.upper()}"]
        for key in ("for", "proto", "host", "port", "prefix")
    }
    if any(proxy.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, **{f"x_{k}": v for k, v in proxy.items()})
    _limit_blueprints(app)
    app.before_request(refuse_nul_characters)
    app.after_request(add_security_headers)


_LIMITED_BLUEPRINTS: set[str] = set()


def _limit_blueprints(app: Flask) -> None:
    """Per-client limits on the API and the public pages (a view's own limit, such as
    screening's or the exports', replaces its blueprint's)."""
    for name, setting in (
        ("api", "API_RATE_LIMIT"),
        ("interop", "API_RATE_LIMIT"),  # /match, /reconcile: scripted like the API
        ("public", "PUBLIC_RATE_LIMIT"),
        ("feeds", "PUBLIC_RATE_LIMIT"),
    ):
        blueprint = app.blueprints.get(name)
        # The limiter and blueprints live as long as the process: register a limit once
        # (it reads the setting of the app serving each request), not once per app.
        if blueprint is not None and name not in _LIMITED_BLUEPRINTS:
            _LIMITED_BLUEPRINTS.add(name)
            limiter.limit(
                lambda setting=setting: current_app.config[setting], scope=f"blueprint-{name}"
            )(blueprint)


def refuse_nul_characters() -> Response | None:
    """A NUL character in a query parameter is never meant (PostgreSQL cannot even store
    it): 400 naming the parameter, before any view or query sees it."""
    for name, value in request.args.items(multi=True):
        if "\x00" in value or "\x00" in name:
            from app.errors import error_response

            return error_response(400, f"{name[:40]!r}: contains a NUL character.", parameter=name)
    return None


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    hsts = current_app.config.get("HSTS_SECONDS") or 0
    if hsts > 0:
        headers.setdefault("Strict-Transport-Security", f"max-age={hsts}; includeSubDomains")
    if request.path == "/admin" or request.path.startswith("/admin/"):
        # Staff pages show unpublished data and CSRF tokens: no copy in any cache.
        headers["Cache-Control"] = "no-store"
    return response
