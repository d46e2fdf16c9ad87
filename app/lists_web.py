"""Each list's data date wherever the app answers: templates, API payloads, download headers.

A neutral module (no blueprint): ``register`` gives templates ``list_dates()`` and adds
to every download (a response sent as an attachment) a ``Link`` to ``/api/v1/lists`` and
an ``X-List-Dates`` header, since a CSV has no place for a header comment.
"""

from __future__ import annotations

from datetime import date

from flask import Flask, Response, g, request, url_for

from app.extensions import db
from app.models import Designation
from app.runners import current_list_dates
from app.services.as_of import AsOf, as_of
from app.services.list_metadata import ListDates

LIST_DATES_HEADER = "X-List-Dates"


def list_dates(sources: list[str] | None = None) -> list[ListDates]:
    """The lists (those of ``sources`` when given), read once per request."""
    if "list_dates" not in g:
        g.list_dates = current_list_dates()
    if sources is None:
        return list(g.list_dates)
    wanted = set(sources)
    return [entry for entry in g.list_dates if entry.source in wanted]


def lists_payload(sources: list[str] | None = None) -> list[dict]:
    """The ``lists`` metadata of API responses."""
    return [entry.as_dict() for entry in list_dates(sources)]


def list_dates_text(entries: list[ListDates]) -> str:
    """``ofac-sdn=2024-05-03;stale, un-consolidated=2026-02-27``: for headers and CSV cells."""
    return ", ".join(
        f"{e.source}={e.data_date.isoformat() if e.data_date else 'unknown'}"
        + (";stale" if e.stale else "")
        for e in entries
    )


def _describe_downloads(response: Response) -> Response:
    if "attachment" in response.headers.get("Content-Disposition", ""):
        response.headers[LIST_DATES_HEADER] = list_dates_text(list_dates())
        target = url_for("api.lists", _external=True)
        link = f'<{target}>; rel="describedby"; type="application/json"'
        response.headers.add("Link", link)
    return response


def as_of_for(designation: Designation) -> AsOf | str | None:
    """The designation as of the request's ``as_of`` date; a message if the date is bad."""
    raw = (request.args.get("as_of") or "").strip()
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return f"as_of: {raw[:20]!r} is not a date (YYYY-MM-DD)"
    return as_of(db.session, designation, day)


def register(app: Flask) -> None:
    app.add_template_global(list_dates, "list_dates")
    app.add_template_global(as_of_for, "as_of_for")
    app.after_request(_describe_downloads)
