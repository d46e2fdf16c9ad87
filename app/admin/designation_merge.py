"""A designation as the designation form's data, and the three-way merge of a conflict.

When someone else saved a designation while an editor had it open, the editor's
save is refused and the conflict page merges three versions of each field: the
one the editor started from (``base``, carried by the form), the one saved now
(``theirs``) and the editor's (``yours``). A field only you changed comes from
you, a field only they changed stays theirs, and a field both changed differently
is shown as a conflict to decide (the form holds yours for it): nothing reverts
silently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

# The form's fields, and for a repeating group the keys of its rows (as form_data
# writes them): what the merge compares.
SCALARS = ["kind", "primary_name", "primary_script", "gender", "titles", "listed_on"]
GROUP_KEYS: dict[str, list[str]] = {
    "names": ["full_name", "name_type", "quality", "script"],
    "birth_dates": ["text"],
    "birth_places": ["place"],
    "nationalities": ["country", "kind"],
    "identifiers": ["id_type", "number", "country", "issued_on", "expires_on", "note"],
    "addresses": ["address", "city", "country", "note"],
    "measures": ["measure_type", "jurisdiction", "program", "start_date", "end_date"],
    "source_refs": ["source", "ref"],
    "links": ["relation", "target_name", "target_id"],
}
MERGED = [*SCALARS, *GROUP_KEYS, "programs", "remarks"]


def form_data(d) -> dict:  # noqa: ANN001  (a Designation)
    """A designation as the designation form's data (for the edit page)."""

    def rows(items: list[dict]) -> list[dict]:
        return items or [{}]

    return {
        "kind": d.kind,
        "primary_name": d.primary_name,
        "primary_script": next((n.script or "" for n in d.names if n.name_type == "primary"), ""),
        "names": rows(
            [
                {
                    "full_name": n.full_name,
                    "name_type": n.name_type,
                    "quality": n.quality,
                    "script": n.script or "",
                }
                for n in d.names
                if n.name_type != "primary"
            ]
        ),
        "gender": d.gender or "",
        "titles": "\n".join(d.titles or []),
        "listed_on": d.listed_on,
        "birth_dates": rows([{"text": b.text} for b in d.birth_dates]),
        "birth_places": rows([{"place": p.place} for p in d.birth_places]),
        "nationalities": rows([{"country": n.country, "kind": n.kind} for n in d.nationalities]),
        "identifiers": rows(
            [
                {
                    "id_type": i.id_type,
                    "number": i.number,
                    "country": i.country or "",
                    "issued_on": i.issued_on,
                    "expires_on": i.expires_on,
                    "note": i.note or "",
                }
                for i in d.identifiers
            ]
        ),
        "addresses": rows(
            [
                {
                    "address": a.address or "",
                    "city": a.city or "",
                    "country": a.country or "",
                    "note": a.note or "",
                }
                for a in d.addresses
            ]
        ),
        "programs": [p.code for p in d.programs],
        "measures": rows(
            [
                {
                    "measure_type": m.measure_type,
                    "jurisdiction": m.jurisdiction,
                    "program": m.program.code if m.program else "",
                    "start_date": m.start_date,
                    "end_date": m.end_date,
                }
                for m in d.measures
            ]
        ),
        "source_refs": rows([{"source": s.source, "ref": s.ref} for s in d.source_refs]),
        "links": rows(
            [
                {
                    "relation": link.relation,
                    "target_name": link.target_name,
                    "target_id": link.target_id,
                }
                for link in d.links
            ]
        ),
        "remarks": d.remarks or "",
        "version": str(d.version),
    }


def stored_countries(d) -> set[str]:  # noqa: ANN001
    return (
        {n.country for n in d.nationalities}
        | {i.country for i in d.identifiers if i.country}
        | {a.country for a in d.addresses if a.country}
    )


def _value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    return str(value) if isinstance(value, int) else value


def comparable(data: dict) -> dict[str, Any]:
    """Form data (form_data's or a submitted form's) as plain values to compare."""
    out: dict[str, Any] = {}
    for key in SCALARS:
        out[key] = _value(data.get(key))
    out["titles"] = [
        t for t in (_value(x) for x in str(data.get("titles") or "").splitlines()) if t
    ]
    # A browser sends a textarea's line breaks as CRLF, whatever it was given.
    out["remarks"] = str(data.get("remarks") or "").replace("\r\n", "\n").strip()
    out["programs"] = sorted(data.get("programs") or [])
    for group, keys in GROUP_KEYS.items():
        rows = [[_value((row or {}).get(k)) for k in keys] for row in data.get(group) or []]
        out[group] = [row for row in rows if any(row)]
    return out


def submitted_data(form: Any) -> dict:
    """A submitted designation form's data, without its blank rows, as form_data shapes it."""
    data = {key: form[key].data for key in [*SCALARS, "programs", "remarks"]}
    for group, keys in GROUP_KEYS.items():
        data[group] = [{k: row[k].data for k in keys} for row in form.rows(group)] or [{}]
    return data


def encode_base(data: dict) -> str:
    """The version an editor starts from, for the form's hidden ``base`` field."""
    return json.dumps(comparable(data), ensure_ascii=False, separators=(",", ":"))


def decode_base(text: str | None) -> dict | None:
    try:
        base = json.loads(text or "")
    except ValueError:
        return None
    return base if isinstance(base, dict) else None


@dataclass
class MergedField:
    key: str
    base: Any
    theirs: Any
    yours: Any
    outcome: str  # theirs | yours | same | conflict

    @property
    def conflict(self) -> bool:
        return self.outcome == "conflict"


def merge(base: dict | None, theirs: dict, yours: dict) -> tuple[dict, list[MergedField]]:
    """The merged form data (``theirs`` and ``yours`` as form_data shapes them) and each
    field either side changed. Without a readable ``base`` every difference is a conflict.
    """
    merged = dict(yours)
    fields = []
    plain_theirs, plain_yours = comparable(theirs), comparable(yours)
    for key in MERGED:
        t, y = plain_theirs[key], plain_yours[key]
        b = base.get(key) if base is not None else None
        if t == y:
            if base is None or b == t:
                continue
            outcome = "same"
        elif base is not None and y == b:
            outcome = "theirs"
            merged[key] = theirs.get(key)
        elif base is not None and t == b:
            outcome = "yours"
        else:
            outcome = "conflict"
        fields.append(MergedField(key, b, t, y, outcome))
    return merged, fields


def shown(value: Any) -> str:
    """A compared value as text for the conflict page."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(
            ", ".join(str(v) for v in item if v) if isinstance(item, list) else str(item)
            for item in value
        )
    return str(value)
