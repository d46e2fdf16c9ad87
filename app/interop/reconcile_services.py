"""The reconciliation services the manifest announces beside matching (W3C API 0.2):
suggest (entity, property, type), the entity flyout, preview, and data extension
(``propose_properties`` here; the ``extend=`` query is answered by /reconcile itself).

Each service lives under the reconciliation endpoint of its dataset:
``/reconcile/suggest/entity`` for every list, ``/reconcile/UK/suggest/entity`` for one.
"""

from __future__ import annotations

import base64
import hashlib

from flask import current_app, render_template, request, url_for

from app.extensions import db
from app.interop import bp
from app.interop.common import RequestError, int_arg, match_settings
from app.services.ftm_extend import (
    PROPERTY_IDS,
    TYPES,
    Record,
    cell,
    description,
    properties_for,
    records,
    suggest_entities,
    suggest_properties,
    suggest_types,
)
from app.services.ftm_match import Dataset, match_example, parse_example, resolve_dataset

TYPE_IDS = {type_id for type_id, _name in TYPES}
MAX_CURSOR = 1_000
# The preview's only style, allowed by its hash (no inline style is allowed otherwise).
PREVIEW_STYLE = (
    "body{font:14px/1.35 system-ui,sans-serif;margin:6px;color:#1b1b1b}"
    "h1{font-size:15px;margin:0 0 4px}p{margin:2px 0}.meta{color:#555}"
    "ul{margin:2px 0;padding-left:18px}a{color:#0b57d0}"
)
_STYLE_HASH = base64.b64encode(hashlib.sha256(PREVIEW_STYLE.encode()).digest()).decode()


def dataset_route(rule: str, **options):  # noqa: ANN003, ANN201
    """Register a view at /reconcile<rule> (every list) and /reconcile/<dataset><rule>."""

    def register(view):  # noqa: ANN001, ANN202
        bp.route(f"/reconcile{rule}", defaults={"dataset": "default"}, **options)(view)
        return bp.route(f"/reconcile/<string(maxlength=100):dataset>{rule}", **options)(view)

    return register


def target(dataset: str) -> Dataset:
    found = resolve_dataset(db.session, dataset)
    if found is None:
        raise RequestError(f"Dataset not found: {dataset}", "dataset", status=404)
    return found


def text_arg(name: str, required: bool = False) -> str:
    value = (request.args.get(name) or "").strip()
    longest = current_app.config["RECONCILE_MAX_PREFIX_LENGTH"]
    if required and not value:
        raise RequestError(f"{name}: required", name)
    if len(value) > longest:
        raise RequestError(f"{name}: longer than {longest} characters", name)
    return value


def type_arg() -> str | None:
    value = text_arg("type")
    if value and value not in TYPE_IDS:
        raise RequestError(f"type: must be one of {', '.join(sorted(TYPE_IDS))}", "type")
    return value or None


def designation_id_arg(raw: str | None, name: str = "id") -> int:
    text = (raw or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        raise RequestError(f"{name}: not an id of this service (a designation number)", name)
    return int(text)


def services(dataset: str) -> dict:
    """The manifest's suggest, preview and extend sections for this dataset."""
    base = url_for("interop.reconcile", dataset=dataset, _external=True).rstrip("/")
    config = current_app.config
    return {
        "suggest": {
            "entity": {
                "service_url": base,
                "service_path": "/suggest/entity",
                "flyout_service_path": "/flyout/entity?id=${id}",
            },
            "property": {"service_url": base, "service_path": "/suggest/property"},
            "type": {"service_url": base, "service_path": "/suggest/type"},
        },
        "preview": {
            "url": f"{base}/preview?id={{{{id}}}}",
            "width": config["RECONCILE_PREVIEW_WIDTH"],
            "height": config["RECONCILE_PREVIEW_HEIGHT"],
        },
        "extend": {
            "propose_properties": {"service_url": base, "service_path": "/extend/propose"},
            "property_settings": [
                {
                    "name": "limit",
                    "label": "Limit",
                    "type": "number",
                    "default": 0,
                    "help_text": "Values per cell at most (0: all)",
                }
            ],
        },
    }


def _page() -> tuple[int, int]:
    limit = current_app.config["RECONCILE_SUGGEST_LIMIT"]
    return int_arg("cursor", 0, 0, MAX_CURSOR), limit


@dataset_route("/suggest/entity", methods=["GET"])
def suggest_entity(dataset: str):
    """Entities whose name (or a word of it) starts with ``prefix``, for autocompletion."""
    prefix = text_arg("prefix", required=True)
    schema = type_arg()
    cursor, limit = _page()
    where = target(dataset)
    ids = suggest_entities(db.session, prefix, schema, where, cursor, limit)
    if len(ids) < limit and cursor == 0 and len(prefix) >= 3:
        # Fewer names start so ("dan gertl"): the matcher's candidates, best first.
        example = parse_example(
            {"schema": schema or "LegalEntity", "properties": {"name": [prefix]}},
            match_settings(None),
        )
        _total, matched = match_example(db.session, example, where, match_settings(None), limit)
        ids += [e["designation_id"] for e in matched if e["designation_id"] not in ids]
    rows = records(db.session, ids[:limit])
    return {
        "result": [
            {
                "id": str(i),
                "name": rows[i].designation.primary_name,
                "description": description(rows[i]),
                "notable": [{"id": rows[i].schema, "name": rows[i].schema}],
            }
            for i in ids[:limit]
            if i in rows
        ]
    }


@dataset_route("/suggest/property", methods=["GET"])
def suggest_property(dataset: str):
    """Properties (for queries and data extension) whose id or name holds ``prefix``."""
    target(dataset)
    prefix = text_arg("prefix", required=True)
    cursor, limit = _page()
    found = suggest_properties(prefix, type_arg())
    return {"result": found[cursor : cursor + limit]}


@dataset_route("/suggest/type", methods=["GET"])
def suggest_type(dataset: str):
    """Types (FtM schemata) whose id or name holds ``prefix``."""
    target(dataset)
    prefix = text_arg("prefix", required=True)
    cursor, limit = _page()
    return {"result": suggest_types(prefix)[cursor : cursor + limit]}


def _one_record(raw: str | None) -> Record | None:
    designation_id = designation_id_arg(raw)
    return records(db.session, [designation_id]).get(designation_id)


def _preview_html(record: Record) -> str:
    return render_template(
        "interop/preview.html",
        record=record,
        style=PREVIEW_STYLE,
        url=url_for(
            "public.designation_detail",
            designation_id=record.designation.id,
            _external=True,
        ),
    )


@dataset_route("/flyout/entity", methods=["GET"])
def flyout_entity(dataset: str):
    """The suggest widget's flyout: the preview's HTML as {"id", "html"}."""
    target(dataset)
    raw = request.args.get("id")
    record = _one_record(raw)
    if record is None:
        raise RequestError(f"Entity not found: {raw}", "id", status=404)
    return {"id": str(record.designation.id), "html": _preview_html(record)}


@dataset_route("/preview", methods=["GET"])
def preview(dataset: str):
    """A small HTML page on one entity, for OpenRefine's preview iframe."""
    target(dataset)
    record = _one_record(request.args.get("id"))
    if record is None:
        body, status = (
            render_template("interop/preview.html", record=None, style=PREVIEW_STYLE),
            404,
        )
    else:
        body, status = _preview_html(record), 200
    ancestors = current_app.config["RECONCILE_PREVIEW_FRAME_ANCESTORS"]
    return (
        body,
        status,
        {
            "Content-Type": "text/html; charset=utf-8",
            # Shown in another site's iframe (OpenRefine's): framing allowed there only.
            "Content-Security-Policy": (
                f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; base-uri 'none'; "
                f"form-action 'none'; frame-ancestors {ancestors}"
            ),
            # Browsers follow frame-ancestors over X-Frame-Options; the app's DENY would
            # still stop older ones, so this replaces it (ALLOWALL: no restriction).
            "X-Frame-Options": "ALLOWALL" if ancestors.strip() == "*" else "SAMEORIGIN",
        },
    )


@dataset_route("/extend/propose", methods=["GET"])
def propose_properties(dataset: str):
    """The properties worth fetching for entities of ``type`` (without one: of any type)."""
    target(dataset)
    schema = type_arg() or "LegalEntity"
    limit = int_arg("limit", len(PROPERTY_IDS), 1, len(PROPERTY_IDS))
    proposed = [{"id": p.id, "name": p.name} for p in properties_for(schema)][:limit]
    return {"type": schema, "limit": limit, "properties": proposed}


def _extend_limit(settings: object) -> int:
    if settings is None:
        return 0
    if not isinstance(settings, dict):
        raise RequestError("extend: a property's settings must be an object", "extend")
    limit = settings.get("limit", 0)
    if isinstance(limit, str) and limit.strip().isdigit():
        limit = int(limit)  # OpenRefine sends number settings as it read them
    if isinstance(limit, bool) or not isinstance(limit, int) or not 0 <= limit <= 1000:
        raise RequestError("extend: settings.limit must be a whole number from 0 to 1000", "extend")
    return limit


def extend(query: object) -> dict:
    """The data extension answer to one ``extend`` query: {"meta", "rows"}."""
    config = current_app.config
    if not isinstance(query, dict):
        raise RequestError(
            'extend: must be a JSON object {"ids": [...], "properties": [...]}', "extend"
        )
    ids, wanted = query.get("ids"), query.get("properties")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise RequestError("extend: ids must be a list of entity id strings", "extend")
    if not isinstance(wanted, list) or not wanted:
        raise RequestError('extend: properties must be a list of {"id": ...}', "extend")
    if len(ids) > config["RECONCILE_MAX_EXTEND_IDS"]:
        raise RequestError(
            f"extend: more than {config['RECONCILE_MAX_EXTEND_IDS']} ids in one request "
            "(RECONCILE_MAX_EXTEND_IDS)",
            "extend",
            status=413,
        )
    if len(wanted) > len(PROPERTY_IDS):
        raise RequestError(f"extend: more than {len(PROPERTY_IDS)} properties", "extend")
    columns: list[tuple[str, int]] = []
    for item in wanted:
        prop = item.get("id") if isinstance(item, dict) else None
        if not isinstance(prop, str) or prop not in PROPERTY_IDS:
            shown = prop[:40] if isinstance(prop, str) else prop
            raise RequestError(f"extend: unknown property {shown!r}", "extend")
        columns.append((prop, _extend_limit(item.get("settings"))))
    numbers = {raw: designation_id_arg(raw, "extend") for raw in ids}
    found = records(db.session, list(dict.fromkeys(numbers.values())))
    rows = {}
    for raw, number in numbers.items():
        record = found.get(number)
        rows[raw] = {
            prop: [cell(prop, v) for v in (record.values(prop) if record else [])][: limit or None]
            for prop, limit in columns
        }
    meta = [{"id": prop, "name": PROPERTY_IDS[prop].name} for prop, _limit in columns]
    return {"meta": meta, "rows": rows}
