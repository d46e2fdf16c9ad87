"""POST /match/<dataset>: yente's query-by-example matcher, in yente's request and response.

Body: {"queries": {"q1": {"schema": "Person", "properties": {"name": [...], ...}}}}.
Answer: {"responses": {"q1": {"status", "results", "total", "query"}}, "matcher", "limit"}.
``threshold`` and ``cutoff`` map onto our scores (0..1), ``limit`` is the results per
query, ``algorithm`` is accepted and ignored (we have one matcher).
"""

from __future__ import annotations

from flask import current_app, request

from app.extensions import db
from app.interop import bp
from app.interop.common import (
    RequestError,
    body_bytes,
    check_batch_cost,
    int_arg,
    match_settings,
    number_arg,
    parse_json,
)
from app.services.ftm_match import FEATURE_DOCS, match_example, parse_example, resolve_dataset

MAX_QUERY_KEY_LENGTH = 200
MAX_ALGORITHM_LENGTH = 64


@bp.post("/match/<string(maxlength=100):dataset>")
def match(dataset: str):
    """Match a batch of example entities against the lists (yente-compatible)."""
    config = current_app.config
    limit = int_arg("limit", config["MATCH_DEFAULT_LIMIT"], 1, config["MATCH_MAX_LIMIT"])
    threshold = number_arg("threshold", 0.0, 1.0)
    cutoff = number_arg("cutoff", 0.0, 1.0)
    algorithm = request.args.get("algorithm", "")
    if len(algorithm) > MAX_ALGORITHM_LENGTH:
        raise RequestError("algorithm: too long", "algorithm")
    body = parse_json(body_bytes() or b"null", "body")
    if not isinstance(body, dict) or not isinstance(body.get("queries"), dict):
        raise RequestError(
            'The body must be a JSON object with "queries": {"name": {"schema", "properties"}}.',
            "queries",
        )
    queries = body["queries"]
    if not queries:
        raise RequestError("No queries provided.", "queries")
    if len(queries) > config["MATCH_MAX_QUERIES"]:
        raise RequestError(
            f"Too many queries in one batch (limit: {config['MATCH_MAX_QUERIES']})", "queries"
        )
    if any(len(key) > MAX_QUERY_KEY_LENGTH for key in queries):
        raise RequestError(f"A query name is longer than {MAX_QUERY_KEY_LENGTH}.", "queries")
    target = resolve_dataset(db.session, dataset)
    if target is None:
        raise RequestError(f"Dataset not found: {dataset}", "dataset", status=404)
    settings = match_settings(threshold, cutoff)
    examples = {key: parse_example(example, settings) for key, example in queries.items()}
    check_batch_cost(list(examples.values()))
    responses = {}
    for key, example in examples.items():
        total, results = match_example(db.session, example, target, settings, limit)
        for result in results:
            result.pop("designation_id", None)
        responses[key] = {
            "status": 200,
            "results": results,
            "total": {"value": total, "relation": "eq"},
            "query": example.raw,
        }
    response = {"responses": responses, "matcher": FEATURE_DOCS, "limit": limit}
    return response, 200, {"x-batch-size": str(len(responses))}
