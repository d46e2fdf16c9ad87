"""Name matching for sanctions lists: normalise -> transliterate -> keys -> score -> explain.

Pure Python (no Flask, no database). The app indexes ``name_keys(prepare_name(name,
kind))`` for every listed name, retrieves candidates for a query by counting shared keys
(see :class:`app.matching.candidates.InMemoryKeyIndex`), then scores each candidate
designation with :func:`match_designation`. ``DEFAULT_THRESHOLD`` is the score from
which a result counts as a match.
"""

from app.matching.candidates import DEFAULT_CANDIDATES, InMemoryKeyIndex
from app.matching.countries import normalise_country
from app.matching.designation import ListedName, Query, SubjectFacts, match_designation
from app.matching.keys import keys_fingerprint, name_keys, query_keys
from app.matching.names import compare_names, compare_prepared
from app.matching.prepare import PreparedName, Token, prepare_name
from app.matching.results import (
    DEFAULT_THRESHOLD,
    DesignationMatch,
    NameMatch,
    Qualifier,
    TokenPair,
)
from app.matching.scripts import detect_script

__all__ = [
    "DEFAULT_CANDIDATES",
    "DEFAULT_THRESHOLD",
    "DesignationMatch",
    "InMemoryKeyIndex",
    "ListedName",
    "NameMatch",
    "PreparedName",
    "Qualifier",
    "Query",
    "SubjectFacts",
    "Token",
    "TokenPair",
    "compare_names",
    "compare_prepared",
    "detect_script",
    "match_designation",
    "keys_fingerprint",
    "name_keys",
    "normalise_country",
    "prepare_name",
    "query_keys",
]
