"""GET /feeds/changes.atom[?jurisdiction=&program=&change=&since=]: valid Atom 1.0.

The XML is built with ElementTree, so names and summaries are always escaped.
"""

from __future__ import annotations

import re
from datetime import date
from xml.etree import ElementTree

from flask import Response, current_app, request, url_for

from app.extensions import db
from app.feeds import bp
from app.services.changes import CHANGE_ACTIONS, ChangeFilters, latest_time, list_changes

ATOM = "http://www.w3.org/2005/Atom"
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._()&-]{0,63}")
_CHANGE_WORDS = {"addition": "Added", "amendment": "Amended", "delisting": "Delisted"}


def _refuse(message: str) -> Response:
    return Response(message + "\n", status=400, mimetype="text/plain")


def _filters() -> ChangeFilters | str:
    args = request.args
    jurisdiction = (args.get("jurisdiction") or "").strip().upper() or None
    program = (args.get("program") or "").strip() or None
    change = (args.get("change") or "").strip() or None
    since_text = (args.get("since") or "").strip()
    if jurisdiction and not re.fullmatch(r"[A-Z]{2,8}", jurisdiction):
        return "jurisdiction: must be a code such as US, UK, CA, UN or AU"
    if program and not _CODE.fullmatch(program):
        return "program: must be a program code such as GLOMAG (at most 64 characters)"
    if change and change not in CHANGE_ACTIONS:
        return f"change: must be one of {', '.join(CHANGE_ACTIONS)}"
    since = None
    if since_text:
        try:
            since = date.fromisoformat(since_text)
        except ValueError:
            return "since: must be a date, YYYY-MM-DD"
    return ChangeFilters(since=since, jurisdiction=jurisdiction, program=program, change=change)


@bp.get("/feeds/changes.atom")
def changes_feed():
    """The latest FEED_MAX_ENTRIES changes matching the filters, newest first."""
    filters = _filters()
    if isinstance(filters, str):
        return _refuse(filters)
    page = list_changes(db.session, filters, current_app.config["FEED_MAX_ENTRIES"])
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    self_url = request.url
    scope = " · ".join(x for x in (filters.jurisdiction, filters.program, filters.change) if x)
    _text(feed, "id", self_url)
    _text(feed, "title", "Sanctions list changes" + (f": {scope}" if scope else ""))
    _text(feed, "updated", latest_time(page.changes).isoformat())
    ElementTree.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url)
    ElementTree.SubElement(
        feed, f"{{{ATOM}}}link", rel="alternate", href=url_for("public.home", _external=True)
    )
    author = ElementTree.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "Sanctions Lookup")
    for change in page.changes:
        entry = ElementTree.SubElement(feed, f"{{{ATOM}}}entry")
        d = change.designation
        url = (
            url_for(
                "public.designation_detail", designation_id=change.designation_id, _external=True
            )
            if change.designation_id is not None
            else self_url
        )
        name = d.primary_name if d else f"designation {change.designation_id}"
        programs = ", ".join(p.code for p in d.programs) if d else ""
        _text(entry, "id", f"{url}#change-{change.id}")
        _text(
            entry,
            "title",
            f"{_CHANGE_WORDS[change.change]}: {name}" + (f" ({programs})" if programs else ""),
        )
        _text(
            entry,
            "updated",
            change.at_utc.isoformat(),
        )
        ElementTree.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=url)
        by = "an import" if change.by_import else "an editor"
        _text(entry, "summary", f"{change.summary or name} (by {by})")
        if d is not None:
            for program in d.programs:
                ElementTree.SubElement(
                    entry, f"{{{ATOM}}}category", term=program.code, label=program.name
                )
    body = ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)
    return Response(body, mimetype="application/atom+xml")


def _text(parent: ElementTree.Element, tag: str, value: str) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = value
    return element
