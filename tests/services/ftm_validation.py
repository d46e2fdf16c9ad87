"""Validation of exported entities against FollowTheMoney's own schema (test-only).

``followthemoney`` (MIT) is a test dependency, never shipped with the app: every
entity must parse as an FtM entity, name only properties of its schema, hold valid
values for each property's type, carry its schema's required properties, and point
(``entity``, ``holder``) only at entities of the same export.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest

ftm = pytest.importorskip("followthemoney")
from followthemoney import model  # noqa: E402


def problems(entities: Iterable[dict]) -> list[str]:
    """Everything FtM finds wrong with the entities (empty when all are valid)."""
    found: list[str] = []
    ids: set[str] = set()
    references: list[tuple[str, str]] = []
    for entity in entities:
        entity_id = entity.get("id")
        schema = model.get(entity.get("schema") or "")
        if schema is None or not entity_id:
            found.append(f"{entity_id}: no schema {entity.get('schema')!r} or no id")
            continue
        if entity_id in ids:
            found.append(f"{entity_id}: the id is used twice")
        ids.add(entity_id)
        for name, values in entity["properties"].items():
            prop = schema.get(name)
            if prop is None:
                found.append(f"{entity_id}: {schema.name} has no property {name!r}")
                continue
            for value in values:
                if not isinstance(value, str) or not prop.type.validate(value):
                    found.append(f"{entity_id}: {name}={value!r} is not a valid {prop.type.name}")
                if prop.type.name == "entity":
                    references.append((entity_id, value))
        for required in schema.required:
            if not entity["properties"].get(required):
                found.append(f"{entity_id}: {schema.name} requires {required!r}")
        proxy = model.get_proxy(entity, cleaned=False)
        if proxy.id != entity_id:
            found.append(f"{entity_id}: FtM read the id as {proxy.id!r}")
    found += [
        f"{source}: refers to {target!r}, not exported"
        for source, target in references
        if target not in ids
    ]
    return found
