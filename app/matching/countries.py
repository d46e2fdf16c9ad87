"""Country names, adjectives and codes reduced to one ISO 3166 alpha-2 code."""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

from app.matching.lexicon import read_phrase_table

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['’`]")


def _clean(text: str) -> str:
    # "People's" and "Peoples" are one word: drop apostrophes before splitting.
    return _NON_ALNUM.sub(" ", _APOSTROPHES.sub("", anyascii(text).lower())).strip()


_COUNTRIES: dict[str, str] = {
    _clean(variant): code for variant, code in read_phrase_table("countries.txt").items()
}
_COUNTRIES.update({code: code for code in set(_COUNTRIES.values())})


@lru_cache(maxsize=4096)
def normalise_country(text: str) -> str | None:
    """ISO alpha-2 code for a country name, adjective or code; None if unknown.

    "ru", "RU", "RUS", "Russia", "Russian Federation" and "Russian" all give "ru".
    """
    cleaned = _clean(text)
    if not cleaned:
        return None
    if cleaned in _COUNTRIES:
        return _COUNTRIES[cleaned]
    # "Iran (Islamic Republic of)", "Korea, Democratic People's Republic of": try the
    # text without a trailing "the" or bracket remnants, then its first words.
    words = [w for w in cleaned.split() if w not in ("the", "of")]
    for size in range(len(words), 0, -1):
        candidate = " ".join(words[:size])
        if candidate in _COUNTRIES:
            return _COUNTRIES[candidate]
    return None
