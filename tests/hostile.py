"""Hostile query values, and the sweep that sends each of them in each parameter of a page
(issue 10): shared by the public and the admin tests."""

from __future__ import annotations

from flask.testing import FlaskClient

HOSTILE = ["sNaN", "nan", "inf", "-0", "1e999999", "9" * 30, "-" + "9" * 30, "9" * 5000, "\x00"]


def server_errors(client: FlaskClient, path: str, parameters: list[str]) -> list[tuple]:
    """(parameter, value, status) of every hostile value in a parameter of ``path`` that
    got a 5xx answer."""
    failures = []
    for name in parameters:
        for value in HOSTILE:
            separator = "&" if "?" in path else "?"
            response = client.get(f"{path}{separator}{name}={value}")
            if response.status_code >= 500:
                failures.append((name, value[:20], response.status_code))
            response.close()  # a streamed download ends with its request
    return failures
