"""Similarity of two tokens, with the reason, for alignment and explanation.

Distances come from rapidfuzz. A typo budget scales with the token's length (none up to
three letters, one up to five, two up to nine, three beyond), and substitutions of one
vowel for another count half, because vowels are where romanisations disagree most.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import OSA, Levenshtein

from app.matching.folding import is_gendered_pair
from app.matching.prepare import INITIAL, NUMBER, Token

EXACT = "exact"
ROMANISATION = "romanisation variant"
CONSONANTS = "same consonants"
INITIAL_OF = "initial"
TYPO = "spelling difference"
GENDERED = "other gender form"

# Similarity given to each kind of agreement. A romanisation variant is nearly exact;
# an initial agrees with a full name but proves little; the consonant skeleton is the
# only thing Arabic script and a Latin spelling can share.
ROMANISATION_SIMILARITY = 0.95
INITIAL_SIMILARITY = 0.9
CONSONANT_SIMILARITY = 0.88
_VOWELS = frozenset("aeiou")


def typo_budget(length: int) -> float:
    """Edits allowed between two tokens whose longer one has ``length`` letters."""
    if length <= 3:
        return 0
    if length <= 5:
        return 1
    if length <= 9:
        return 2
    return 3


def _vowel_weighted_distance(a: str, b: str) -> float:
    """Levenshtein distance where a vowel replaced by another vowel costs one half."""
    cost = 0.0
    for op in Levenshtein.editops(a, b):
        if op.tag == "replace" and a[op.src_pos] in _VOWELS and b[op.dest_pos] in _VOWELS:
            cost += 0.5
        else:
            cost += 1
    return cost


def _distance(a: str, b: str) -> float:
    osa = OSA.distance(a, b)
    if osa <= 1:
        return min(osa, _vowel_weighted_distance(a, b)) if osa else 0
    return min(float(osa), _vowel_weighted_distance(a, b))


@lru_cache(maxsize=500_000)
def token_similarity(a: Token, b: Token) -> tuple[float, str]:
    """Similarity in [0, 1] of two tokens and a short reason; 0 means "not the same"."""
    if a.text == b.text:
        return 1.0, EXACT
    if a.role == NUMBER or b.role == NUMBER:
        return 0.0, ""
    if a.role == INITIAL or b.role == INITIAL:
        if a.role == b.role:
            return 0.0, ""
        initial, full = (a, b) if a.role == INITIAL else (b, a)
        if full.text.startswith(initial.text):
            return INITIAL_SIMILARITY, INITIAL_OF
        return 0.0, ""
    if a.consonantal or b.consonantal:
        return _consonant_similarity(a.skeleton, b.skeleton)
    if a.folded == b.folded:
        return ROMANISATION_SIMILARITY, ROMANISATION
    if is_gendered_pair(a.folded, b.folded):
        return 0.0, GENDERED
    best = 0.0
    for x, y in ((a.folded, b.folded), (a.text, b.text)):
        length = max(len(x), len(y))
        d = _distance(x, y)
        if d <= typo_budget(length):
            best = max(best, 1 - d / length)
    return (best, TYPO) if best else (0.0, "")


def _consonant_similarity(a: str, b: str) -> tuple[float, str]:
    if len(a) < 2 or len(b) < 2:
        return 0.0, ""
    if a == b:
        return CONSONANT_SIMILARITY, CONSONANTS
    if min(len(a), len(b)) >= 3 and OSA.distance(a, b) <= 1:
        return CONSONANT_SIMILARITY - 0.15, CONSONANTS
    return 0.0, ""
