"""One list of countries for every country field of the forms: the matcher's own.

A typed name, adjective or code ("RU", "Russian") is stored as the list's name
("Russia"), so the search index and the forms agree on what a country is.
"""

from __future__ import annotations

from functools import cache

from app.matching import normalise_country
from app.matching.lexicon import read_phrase_table

_LOWER_WORDS = {"and", "of", "the"}


def _title(name: str) -> str:
    return " ".join(w if w in _LOWER_WORDS else w.capitalize() for w in name.split())


@cache
def country_names() -> dict[str, str]:
    """ISO alpha-2 code -> display name (the first name the list gives)."""
    names: dict[str, str] = {}
    for variant, code in read_phrase_table("countries.txt").items():
        names.setdefault(code, _title(variant))
    return names


def canonical_country(text: str) -> str | None:
    """The list's name for a typed country name, adjective or code; None if unknown."""
    code = normalise_country(text or "")
    return country_names().get(code) if code else None


def sorted_country_names() -> list[str]:
    return sorted(country_names().values())
