"""Error pages: friendly HTML for people, JSON for the API, never a stack trace."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError


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


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        message = "The form expired or was not sent by this site. Reload the page and try again."
        if wants_json():
            return error_response(400, message)
        return render_template("error.html", status=400, message=message), 400

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
