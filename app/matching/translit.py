"""Russian romanisation with the iuliia schemas (MIT, nalgeon/iuliia) in ``data/iuliia``.

Sanctions lists spell Russian names in many of these systems (ICAO passports, BGN/PCGN,
ALA-LC, GOST, the French and German passport-office tables...). The matcher does not
need them to match (folding collapses the variants); they serve to show and to test the
variants a listed Russian name can take.
"""

from __future__ import annotations

import json
from functools import lru_cache

from app.matching.lexicon import DATA_DIR

SCHEMA_DIR = DATA_DIR / "iuliia"


def schema_names() -> list[str]:
    """Names of the bundled schemas ("wikipedia", "icao_doc_9303", ...)."""
    return sorted(p.stem for p in SCHEMA_DIR.glob("*.json"))


@lru_cache(maxsize=64)
def _schema(name: str) -> dict[str, dict[str, str]]:
    data = json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return {
        k: data.get(k) or {} for k in ("mapping", "prev_mapping", "next_mapping", "ending_mapping")
    }


def _word(word: str, schema: dict[str, dict[str, str]]) -> str:
    lower = word.lower()
    ending = ""
    for size in (2, 1):
        if len(lower) > size and lower[-size:] in schema["ending_mapping"]:
            ending = schema["ending_mapping"][lower[-size:]]
            lower = lower[:-size]
            break
    out = []
    for i, ch in enumerate(lower):
        prev = lower[i - 1] if i else ""
        nxt = lower[i + 1] if i + 1 < len(lower) else ""
        if prev + ch in schema["prev_mapping"]:
            out.append(schema["prev_mapping"][prev + ch])
        elif ch + nxt in schema["next_mapping"]:
            out.append(schema["next_mapping"][ch + nxt])
        else:
            out.append(schema["mapping"].get(ch, ch))
    text = "".join(out) + ending
    return text.capitalize() if word[:1].isupper() else text


def romanise(text: str, schema: str) -> str:
    """Romanise Cyrillic ``text`` word by word with the named iuliia schema."""
    rules = _schema(schema)
    return " ".join(_word(w, rules) for w in text.split())
