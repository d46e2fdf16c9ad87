"""Error pages: friendly HTML for people, JSON for the API, never a stack trace."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError


def wants_json() -> bool:
    if request.path.startswith(("/api/", "/match/", "/reconcile", "/entities/")):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def error_response(status: int, message: str, **extra: object):
    """The one shape of every JSON error: {"error": {"status", "message", ...}}."""
    payload = {"error": {"status": status, "message": message, **extra}}
    return jsonify(payload), status


# Shown when a form fails because the browser kept the (Secure) session cookie to itself.
PLAIN_HTTP_MESSAGE = (
    "This site reached you over plain HTTP, but its session cookie is only sent over HTTPS "
    "(the setting SESSION_COOKIE_SECURE), so your browser did not send it back and the form "
    "cannot be checked. Open the site with https://. If an HTTPS proxy sits in front of the "
    "app, set PROXY_FIX_X_PROTO=1 (and PROXY_FIX_X_FOR=1) so the app sees the original "
    "scheme; only for a trial on a private machine, set SESSION_COOKIE_SECURE=false."
)


def plain_http_with_secure_cookie() -> bool:
    """A request over HTTP, to an app whose session cookie is HTTPS-only, without it."""
    config = current_app.config
    return (
        bool(config.get("SESSION_COOKIE_SECURE"))
        and not request.is_secure
        and config.get("SESSION_COOKIE_NAME", "session") not in request.cookies
    )


def on_loopback() -> bool:
    """Requested as localhost, 127.0.0.1 or [::1]: browsers keep Secure cookies there even
    over plain HTTP (`make serve`)."""
    host = request.host
    name = host[: host.find("]") + 1] if host.startswith("[") else host.split(":")[0]
    return name in ("localhost", "127.0.0.1", "[::1]")


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        message = "The form expired or was not sent by this site. Reload the page and try again."
        if plain_http_with_secure_cookie():
            message = PLAIN_HTTP_MESSAGE
        if wants_json():
            return error_response(400, message)
        return render_template("error.html", status=400, message=message), 400

    @app.errorhandler(RateLimitExceeded)
    def rate_limited(error: RateLimitExceeded):
        message = (
            f"Too many requests from your address: at most {error.description}. "
            "Wait a moment and try again."
        )
        if wants_json():
            return error_response(429, message, limit=error.description)
        return render_template("error.html", status=429, message=message), 429

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError):
        # The Host header is not one of TRUSTED_HOSTS: no URL can be built for this
        # request, so the answer is plain and names nothing the client sent.
        message = "This server does not answer to that host name (Host header)."
        if wants_json():
            return error_response(400, message)
        page = f"<!doctype html><title>400 Bad Request</title><h1>Bad request</h1><p>{message}</p>"
        return page, 400, {"Content-Type": "text/html; charset=utf-8"}

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        message = _MESSAGES.get(status, error.description or "Something went wrong.")
        if wants_json():
            return error_response(status, message)
        return render_template("error.html", status=status, message=message), status

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return http_error(InternalServerError())


_MESSAGES = {
    400: "The request could not be understood. Check the address or the form and try again.",
    403: "You do not have permission to see this page.",
    404: "There is no page at this address. It may have been moved, or the link is wrong.",
    405: "This address does not accept that kind of request.",
    413: "The upload is too large.",
    429: "Too many requests. Wait a moment and try again.",
    500: "Something went wrong on our side. The error has been logged.",
}
