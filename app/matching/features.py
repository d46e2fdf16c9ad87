"""The name score, part by part: small named features over an alignment of two names.

``names.compare_prepared`` aligns the tokens of two names (``Alignment``) and asks each
feature below what it changes. A feature returns a :class:`Feature` (its name, its
effect on the score and a sentence saying why) or ``None`` when it does not apply. The
score is 1 plus the effects, clamped to [0, 1], so an explanation always adds up:

* ``agreement``: how well the paired parts agree (weighted mean similarity - 1);
* deductions: weak pairs, other parts (substitutions), parts one side lacks, a stated
  surname not found, unpaired syllables, numbers, bin/ibn
  order;
* ``weak_evidence``: a ceiling when the agreeing parts prove too little (one part, very
  common parts, a short sound skeleton across alphabets); ``no_evidence``: nothing agrees.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from app.matching.folding import fold_token
from app.matching.lexicon import read_lines
from app.matching.prepare import (
    ENTITY_KINDS,
    INITIAL,
    NAME,
    NUMBER,
    PreparedName,
    Span,
    Token,
)
from app.matching.results import Feature
from app.matching.similarity import CONSONANTS, RUSSIAN_SPELLING, SOUNDS, TYPO

# Weight of each kind of token in the mean similarity.
ROLE_WEIGHT = {NAME: 1.0, INITIAL: 0.5, "particle": 0.25, NUMBER: 0.5}
SURNAME_WEIGHT = 1.3
# Deductions from the score.
SUBSTITUTION_PENALTY = 0.3
SURNAME_SUBSTITUTION_PENALTY = 0.4
UNPAIRED_PENALTY = 0.05
UNPAIRED_PENALTY_CAP = 0.15
# A stated surname ("SURNAME, Given") that the other name lacks altogether.
SURNAME_UNPAIRED_PENALTY = 0.1
NUMBER_MISMATCH_PENALTY = 0.1
# Score ceiling when fewer than two full name parts agree (an initial or a two-letter
# syllable counts half) and either name has parts left over: "A. Kuznetsov" may be any
# of many Kuznetsovs; "Li Yi" says little about "Li Yi Ming".
WEAK_EVIDENCE_CAP = 0.7
# Name parts so common on the lists ("Mohammed", "Ali", "Abdul") that, when nothing
# else agrees, each proves only this much of a full part: two are not enough.
COMMON_PART_STRENGTH = 0.67
COMMON_NAME_PARTS = frozenset(fold_token(w) for w in read_lines("common_name_parts.txt"))
# Share of listed people carrying each (folded) name part, from the lists themselves
# (data/name_part_frequency.txt, written by benchmarks/name_part_frequency.py). A part
# held by at least COMMON_PART_SHARE of them counts as a very common part too.
PART_SHARE: dict[str, float] = {
    part: float(share)
    for part, _, share in (line.split() for line in read_lines("name_part_frequency.txt"))
}
COMMON_PART_SHARE = 0.01


def is_common_part(folded: str) -> bool:
    return folded in COMMON_NAME_PARTS or PART_SHARE.get(folded, 0.0) >= COMMON_PART_SHARE


# A pair across alphabets that agrees by its sounds (not letter by letter) proves half a
# part when the shorter name has this few consonants: two or three consonant sounds
# are shared by many unrelated names (a Cyrillic surname and a Latin one).
SHORT_SKELETON_ACROSS_ALPHABETS = 3
# Pairs that agree less than this lose extra score in proportion: two edits in a
# six-letter name ("Navros" / "Lavrov") are more often another name than a typo.
WEAK_PAIR_LEVEL = 0.8
WEAK_PAIR_PENALTY = 1.0
# Arabic "X bin Y" is "X, son of Y": the same names in swapped order are two people.
KINSHIP_PARTICLES = frozenset({"bin", "ben", "ibn", "bint", "bn"})
KINSHIP_ORDER_PENALTY = 0.25


class Pair(NamedTuple):
    """A span of the query paired with a span of the listed name."""

    query: Span
    listed: Span
    similarity: float
    how: str


class Alignment:
    """Two names, their paired spans, and what is left over: what the features read.

    Computed eagerly (plain attributes): one is built for every candidate name, and
    ``functools.cached_property`` takes a lock on each first read.
    """

    __slots__ = ("query", "listed", "pairs", "left_q", "left_c", "names_q", "names_c")

    def __init__(
        self,
        query: PreparedName,
        listed: PreparedName,
        pairs: list[Pair],
        left_q: list[Token],
        left_c: list[Token],
    ) -> None:
        self.query = query
        self.listed = listed
        self.pairs = pairs
        self.left_q = left_q
        self.left_c = left_c
        # Name parts and initials of each side that pair with nothing.
        self.names_q = [t for t in left_q if t.role in (NAME, INITIAL)]
        self.names_c = [t for t in left_c if t.role in (NAME, INITIAL)]

    @property
    def substitutions(self) -> int:
        """Parts present on both sides that pair with nothing: other names."""
        return min(len(self.names_q), len(self.names_c))

    @property
    def entity(self) -> bool:
        return self.query.kind in ENTITY_KINDS or self.listed.kind in ENTITY_KINDS

    @property
    def person_against_entity(self) -> bool:
        return self.entity and self.query.kind not in ENTITY_KINDS


def _weight(tokens: tuple[Token, ...], span: Span) -> float:
    return sum(
        ROLE_WEIGHT[t.role] * (SURNAME_WEIGHT if t.surname else 1.0)
        for t in tokens[span.start : span.end]
    )


def agreement(a: Alignment) -> Feature:
    """Weighted mean similarity of the paired parts (surnames weigh more)."""
    q, c = a.query.tokens, a.listed.tokens
    weights = [max(_weight(q, p.query), _weight(c, p.listed)) for p in a.pairs]
    total = sum(weights)
    quality = (
        sum(w * p.similarity for w, p in zip(weights, a.pairs, strict=True)) / total
        if total
        else 0.0
    )
    return Feature("agreement", quality - 1.0, f"paired parts agree {quality:.2f} on average")


def weak_pairs(a: Alignment) -> Feature | None:
    weak = [p for p in a.pairs if p.similarity < WEAK_PAIR_LEVEL]
    if not weak:
        return None
    effect = -WEAK_PAIR_PENALTY * sum(WEAK_PAIR_LEVEL - p.similarity for p in weak)
    listed = ", ".join(f"{p.query.token.text}~{p.listed.token.text}" for p in weak)
    return Feature("weak_pairs", effect, f"parts that agree only loosely: {listed}")


def kinship_order(a: Alignment) -> Feature | None:
    """Both names use bin/ibn and the paired name parts come in another order."""
    query, listed = a.query, a.listed
    if not (
        KINSHIP_PARTICLES.intersection(t.text for t in query.tokens)
        and KINSHIP_PARTICLES.intersection(t.text for t in listed.tokens)
    ):
        return None
    order = [
        p.listed.start
        for p in sorted(a.pairs, key=lambda p: p.query.start)
        if p.query.token.role == NAME
    ]
    if not any(x > y for x, y in zip(order, order[1:], strict=False)):
        return None
    return Feature("kinship_order", -KINSHIP_ORDER_PENALTY, "bin/ibn names in another order")


def substitution(a: Alignment) -> Feature | None:
    n = a.substitutions
    if not n:
        return None
    effect = -SUBSTITUTION_PENALTY * n
    if any(t.surname for t in a.names_c) or any(t.surname for t in a.names_q):
        effect -= SURNAME_SUBSTITUTION_PENALTY - SUBSTITUTION_PENALTY
    return Feature("substitution", effect, f"{n} name part(s) differ")


def unpaired(a: Alignment) -> Feature | None:
    """Parts only one side has: a missing patronymic, an extra middle name."""
    n = len(a.names_q) + len(a.names_c) - 2 * a.substitutions
    if n <= 0:
        return None
    effect = -min(UNPAIRED_PENALTY * n, UNPAIRED_PENALTY_CAP)
    return Feature("unpaired", effect, f"{n} name part(s) only in one name")


def surname_unpaired(a: Alignment) -> Feature | None:
    if a.substitutions:
        return None
    stated = [t for t in a.names_q if a.query.surname_stated] + [
        t for t in a.names_c if a.listed.surname_stated
    ]
    if not any(t.surname and t.role == NAME for t in stated):
        return None

    return Feature(
        "surname_unpaired", -SURNAME_UNPAIRED_PENALTY, "surname not found in the other name"
    )


def syllables(a: Alignment) -> Feature | None:
    """In Chinese and Korean names every syllable counts: two of five say little."""
    if not any(t.syllabic for t in a.query.tokens + a.listed.tokens):
        return None
    # Only a part that can be one syllable counts: a Latin patronymic left over
    # ("Viktorovich" against a Western name in Hangul) is a missing part, not a syllable.
    n = sum(1 for t in a.names_q + a.names_c if t.role == NAME and _one_syllable(t))
    n -= a.substitutions
    if n <= 0:
        return None
    return Feature(
        "syllables", -SUBSTITUTION_PENALTY * n, f"{n} syllable(s) of a Chinese/Korean name unpaired"
    )


_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def _one_syllable(token: Token) -> bool:
    return token.syllabic or len(_VOWEL_GROUPS.findall(token.text)) <= 1


def numbers(a: Alignment) -> Feature | None:
    if any(t.role == NUMBER for t in a.left_q) and any(t.role == NUMBER for t in a.left_c):
        return Feature("numbers", -NUMBER_MISMATCH_PENALTY, "numbers differ")
    return None


# Deductions, in the order they are applied and explained.
DEDUCTIONS: tuple[Callable[[Alignment], Feature | None], ...] = (
    weak_pairs,
    kinship_order,
    substitution,
    unpaired,
    surname_unpaired,
    syllables,
    numbers,
)


@dataclass
class Evidence:
    """How many agreeing name parts there are and how much they prove."""

    strength: float = 0.0
    full_pairs: int = 0
    common_pairs: int = 0
    reasons: tuple[str, ...] = ()

    @property
    def only_common(self) -> bool:
        return self.full_pairs > 0 and self.common_pairs == self.full_pairs


def evidence(a: Alignment) -> Evidence:
    """Agreeing name parts: a full part counts 1, an initial or a weak kind of part 1/2."""
    q, c = a.query.tokens, a.listed.tokens
    found = Evidence()
    reasons: list[str] = []
    for p in a.pairs:
        roles_q = {t.role for t in q[p.query.start : p.query.end]}
        roles_c = {t.role for t in c[p.listed.start : p.listed.end]}
        tq, tc = p.query.token, p.listed.token
        if NAME in roles_q and NAME in roles_c:
            # Two-letter parts (Chinese and Korean syllables, "Li", "Yu") and parts that
            # agree only in their consonants (Arabic script) prove less. So does a
            # person's name a typo away from a company's word ("Michelle" / "MECHEL"):
            # company names are words and brands, so that is mostly coincidence.
            half = _half_strength(a, p)
            if half:
                reasons.append(f"{tq.text}~{tc.text}: {half}")
            found.strength += 0.5 if half else 1.0
            found.full_pairs += 1
            if is_common_part(tq.folded) or is_common_part(tc.folded):
                found.common_pairs += 1
        elif INITIAL in roles_q | roles_c and NAME in roles_q | roles_c:
            found.strength += 0.5
        elif a.person_against_entity and tq.text == tc.text and NAME in roles_q:
            # The query's first word, read as a given name ("Al"), is the listing's
            # article: "Al Haramain" / "AL-HARAMAIN ISLAMIC FOUNDATION".
            found.strength += 1.0
    if found.only_common:
        # Only very common parts agree ("Mohammed Ali" in "Ahmed Mohammed Ali").
        found.strength = min(found.strength, COMMON_PART_STRENGTH * found.full_pairs)
        reasons.append("only very common name parts agree")
    found.reasons = tuple(reasons)
    return found


def _half_strength(a: Alignment, p: Pair) -> str:
    """Why a pair of name parts proves only half a part, or "" if it proves a whole one."""
    if min(len(p.query.token.text), len(p.listed.token.text)) <= 2:
        return "a two-letter part"
    if p.how == CONSONANTS:
        return "consonants only"
    if (
        p.how in (SOUNDS, RUSSIAN_SPELLING)
        and min(len(p.query.token.skeleton), len(p.listed.token.skeleton))
        <= SHORT_SKELETON_ACROSS_ALPHABETS
    ):
        return "sounds of another alphabet, few consonants"
    if a.person_against_entity and p.how == TYPO:
        return "a spelling difference against a company's word"
    return ""


PATRONYMIC_ENDINGS = tuple(read_lines("patronymic_endings.txt"))
PATRONYMIC_MIN_LENGTH = 8


def _is_patronymic(token: Token) -> bool:
    return len(token.text) >= PATRONYMIC_MIN_LENGTH and token.text.endswith(PATRONYMIC_ENDINGS)


def weak_evidence(a: Alignment, found: Evidence, score: float) -> Feature | None:
    """A ceiling below the threshold when the agreeing parts cannot say who is meant."""
    leftovers = bool(a.names_q or a.names_c)
    if leftovers and not a.names_q and found.full_pairs >= 2:
        # Every query part agrees, two of them in full name parts, and the listing has
        # only its patronymic left ("Igor Sechin" in katakana / SECHIN, Igor Ivanovich).
        leftovers = not all(_is_patronymic(t) for t in a.names_c)
    weak = not found.full_pairs or (found.strength < 2 and leftovers)
    if a.entity:
        # An entity's name may be one word ("SIERRA", "SEPAH"), so one part agreeing can
        # be enough, but not when the query has name parts that agree with nothing (a
        # person "Elena Sierra" is not the vessel SIERRA), nor when only common personal
        # names agree ("Mohammed Ali" / "ALI MOHAMED CHAMS & PARTNER").
        weak = (
            not found.full_pairs
            or (found.full_pairs <= 1 and bool(a.names_q))
            or (found.only_common and found.strength < 2 and leftovers)
        )
    if a.person_against_entity:
        # A person's name needs two agreeing parts against a longer entity name too:
        # "Al Green" is not GREEN BIRDS, "Michelle Steel" not MECHEL STEEL GROUP.
        weak = weak or (found.strength < 2 and leftovers)
    if not weak or score <= WEAK_EVIDENCE_CAP:
        return None
    detail = "fewer than two full name parts agree"
    if found.reasons:
        detail += " (" + "; ".join(found.reasons) + ")"
    return Feature("weak_evidence", WEAK_EVIDENCE_CAP - score, detail)


def score_alignment(a: Alignment) -> tuple[float, list[Feature]]:
    """The score of an alignment with at least one pair, and its features."""
    features = [agreement(a)]
    features.extend(f for deduction in DEDUCTIONS if (f := deduction(a)) is not None)
    score = 1.0 + sum(f.effect for f in features)
    found = evidence(a)
    if (cap := weak_evidence(a, found, score)) is not None:
        features.append(cap)
        score = WEAK_EVIDENCE_CAP
    if found.strength == 0 and score > 0:
        features.append(Feature("no_evidence", -score, "no name part agrees"))
        score = 0.0
    return max(0.0, min(1.0, score)), features
