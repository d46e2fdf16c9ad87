"""/reconcile: the W3C Reconciliation Service API (0.2), for OpenRefine and its kin.

GET without ``queries`` or ``extend`` answers the service manifest; ``queries`` (a JSON
object of {"query", "type", "limit", "properties": [{"pid", "v"}]}, by GET or form POST)
answers candidates {"id", "name", "score", "match", "type"} per query; ``extend`` (a JSON
object {"ids", "properties": [{"id", "settings"}]}) answers {"meta", "rows"} of property
values (data extension). The other services are in reconcile_services.py. Types are FtM schemata
(Person, Organization, Company, Vessel, Airplane, LegalEntity); property ids are FtM
property names (birthDate, nationality, idNumber, passportNumber, ...). Candidate ids
are our designation ids: ``view`` opens the designation's page.
"""

from __future__ import annotations

from flask import current_app, request, url_for

from app.extensions import db
from app.interop import bp
from app.interop.common import RequestError, check_batch_cost, match_settings, parse_json
from app.interop.reconcile_services import extend, services
from app.services.ftm_extend import TYPES
from app.services.ftm_match import ExampleError, match_example, parse_example, resolve_dataset

MAX_RECONCILE_LIMIT = 100


def _manifest(dataset: str) -> dict:
    base = url_for("public.browse", _external=True).rstrip("/")
    view = current_app.config["RECONCILE_VIEW_URL"] or f"{base}/{{{{id}}}}"
    return {
        "versions": ["0.1", "0.2"],
        "name": "Sanctions Lookup" + ("" if dataset == "default" else f" ({dataset})"),
        "identifierSpace": f"{base}/",
        "schemaSpace": "https://followthemoney.tech/explorer/schemata/",
        "defaultTypes": [{"id": type_id, "name": name} for type_id, name in TYPES],
        "view": {"url": view},
        "documentation": url_for("api.openapi", _external=True),
        "batchSize": 10,
    } | services(dataset)


def _value(value: object) -> str | None:
    if isinstance(value, dict):  # {"id": ..., "name": ...} for a reconciled value
        value = value.get("name") or value.get("id")
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value)


def _example(query: object) -> tuple[dict, int]:
    if isinstance(query, str):
        query = {"query": query}
    if not isinstance(query, dict):
        raise RequestError("queries: each query must be an object with a query string", "queries")
    schema = query.get("type") or "LegalEntity"
    if isinstance(schema, list):
        schema = schema[0] if schema else "LegalEntity"
    if isinstance(schema, dict):
        schema = schema.get("id")
    properties: dict[str, list] = {}
    if query.get("query") is not None:
        properties["name"] = [_value(query.get("query")) or ""]
    listed = query.get("properties") or []
    if not isinstance(listed, list):
        raise RequestError("queries: properties must be a list of {pid, v}", "queries")
    for item in listed[:50]:
        if not isinstance(item, dict):
            continue
        pid = item.get("pid") or item.get("p")
        values = item.get("v")
        if not isinstance(pid, str):
            continue
        for value in values if isinstance(values, list) else [values]:
            text = _value(value)
            if text:
                properties.setdefault(pid, []).append(text)
    limit = query.get("limit", current_app.config["RECONCILE_DEFAULT_LIMIT"])
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise RequestError("queries: limit must be a whole number", "queries")
    if not 1 <= limit <= MAX_RECONCILE_LIMIT:
        raise RequestError(f"queries: limit must be between 1 and {MAX_RECONCILE_LIMIT}", "queries")
    return {"schema": schema, "properties": properties}, limit


def _candidate(entity: dict, designation_id: int) -> dict:
    return {
        "id": str(designation_id),
        "name": entity["caption"],
        "score": round(entity["score"] * 100, 2),
        "match": bool(entity["match"]),
        "type": [{"id": entity["schema"], "name": entity["schema"]}],
        "description": ", ".join(entity["datasets"]),
    }


def _answer(dataset: str, raw: str):
    config = current_app.config
    target = resolve_dataset(db.session, dataset)
    if target is None:
        raise RequestError(f"Dataset not found: {dataset}", "dataset", status=404)
    queries = parse_json(raw, "queries")
    if not isinstance(queries, dict):
        raise RequestError(
            'queries: must be a JSON object like {"q0": {"query": "..."}}', "queries"
        )
    if len(queries) > config["MATCH_MAX_QUERIES"]:
        raise RequestError(
            f"Too many queries in one batch (limit: {config['MATCH_MAX_QUERIES']})", "queries"
        )
    settings = match_settings(None)
    parsed = {}
    for key, query in queries.items():
        example, limit = _example(query)
        try:
            parsed[key] = parse_example(example, settings), limit
        except ExampleError as error:
            raise RequestError(f"queries: {key[:50]}: {error}", "queries") from None
    check_batch_cost([example for example, _limit in parsed.values()])
    answers = {}
    for key, (example, limit) in parsed.items():
        _total, results = match_example(db.session, example, target, settings, limit)
        answers[key] = {"result": [_candidate(e, e["designation_id"]) for e in results]}
    return answers


@bp.route("/reconcile", methods=["GET", "POST"], defaults={"dataset": "default"})
@bp.route("/reconcile/<string(maxlength=100):dataset>", methods=["GET", "POST"])
def reconcile(dataset: str):
    """The manifest, the candidates of a batch of queries, or a data extension."""
    length = request.content_length
    if length and length > current_app.config["MATCH_MAX_BODY_BYTES"]:
        raise RequestError("The request body is too large.", status=413)
    raw = request.values.get("queries")
    extension = request.values.get("extend")
    if raw is not None and extension is not None:
        raise RequestError("Send queries or extend, not both.", "extend")
    if raw is None:
        if resolve_dataset(db.session, dataset) is None:
            raise RequestError(f"Dataset not found: {dataset}", "dataset", status=404)
        if extension is not None:
            return extend(parse_json(extension, "extend"))
        return _manifest(dataset)
    return _answer(dataset, raw)
