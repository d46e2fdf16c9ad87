"""Scoring one name against another: align tokens, then weigh what agrees and what not.

Alignment pairs tokens in any order, greedily by similarity. A token may also pair with
two or three adjacent tokens of the other name joined together, so glued and split
spellings agree ("PolPot" / "Pol Pot", "Patr ushev" / "Patrushev").

The score starts from the weighted mean similarity of the paired tokens and loses:
* a lot for each substitution: a name part present on both sides that pairs with
  nothing (another given name, surname or patronymic; the other gender form);
* a little for each part only one side has (a missing patronymic, an extra middle name);
* everything above a cap if only one name part agrees while the names have more.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.matching.folding import consonant_skeleton, fold_token
from app.matching.prepare import (
    ENTITY_KINDS,
    INITIAL,
    NAME,
    NUMBER,
    PARTICLE,
    PreparedName,
    Token,
    prepare_name,
)
from app.matching.results import DEFAULT_THRESHOLD, NameMatch, TokenPair
from app.matching.similarity import GENDERED, token_similarity

# Weight of each kind of token in the mean similarity.
ROLE_WEIGHT = {NAME: 1.0, INITIAL: 0.5, PARTICLE: 0.25, NUMBER: 0.5}
SURNAME_WEIGHT = 1.3
# Deductions from the score.
SUBSTITUTION_PENALTY = 0.3
SURNAME_SUBSTITUTION_PENALTY = 0.4
UNPAIRED_PENALTY = 0.05
UNPAIRED_PENALTY_CAP = 0.15
NUMBER_MISMATCH_PENALTY = 0.1
# Score ceiling when a single name part agrees but either name has more parts.
SINGLE_PART_CAP = 0.7
# Joined spans must agree at least this well to be used.
JOIN_MIN_SIMILARITY = 0.85
MAX_JOIN = 3


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    token: Token


def _joined(tokens: tuple[Token, ...], start: int, end: int) -> Token:
    text = "".join(t.text for t in tokens[start:end])
    consonantal = any(t.consonantal for t in tokens[start:end])
    return Token(
        text,
        text if consonantal else fold_token(text),
        consonant_skeleton(text),
        NAME,
        any(t.surname for t in tokens[start:end]),
        consonantal,
    )


def _spans(tokens: tuple[Token, ...], joins: bool) -> list[_Span]:
    spans = [_Span(i, i + 1, t) for i, t in enumerate(tokens)]
    if joins:
        for size in range(2, MAX_JOIN + 1):
            for i in range(len(tokens) - size + 1):
                part = tokens[i : i + size]
                if all(t.role in (NAME, PARTICLE) for t in part):
                    spans.append(_Span(i, i + size, _joined(tokens, i, i + size)))
    return spans


def _weight(tokens: tuple[Token, ...], span: _Span) -> float:
    return sum(
        ROLE_WEIGHT[t.role] * (SURNAME_WEIGHT if t.surname else 1.0)
        for t in tokens[span.start : span.end]
    )


def _align(
    q: tuple[Token, ...], c: tuple[Token, ...]
) -> tuple[list[tuple[_Span, _Span, float, str]], set[tuple[str, str]]]:
    """Greedy best-first pairing of spans; returns pairs and gendered-form clashes."""
    options: list[tuple[float, int, int, _Span, _Span, str]] = []
    gendered: set[tuple[str, str]] = set()
    single_q = _spans(q, joins=False)
    single_c = _spans(c, joins=False)
    for sq in single_q:
        for sc in single_c:
            sim, how = token_similarity(sq.token, sc.token)
            if sim > 0:
                options.append((sim, 0, abs(sq.start - sc.start), sq, sc, how))
            elif how == GENDERED:
                gendered.add((sq.token.text, sc.token.text))
    pairs = _pick(options)
    if _has_leftovers(pairs, q, c):
        # Only when some tokens stayed single try glued/split spellings: it is costlier.
        joined_q = [s for s in _spans(q, joins=True) if s.end - s.start > 1]
        joined_c = [s for s in _spans(c, joins=True) if s.end - s.start > 1]
        for group_q, group_c in ((joined_q, single_c), (single_q, joined_c), (joined_q, joined_c)):
            for sq in group_q:
                for sc in group_c:
                    sim, how = token_similarity(sq.token, sc.token)
                    if sim >= JOIN_MIN_SIMILARITY:
                        options.append((sim, 1, abs(sq.start - sc.start), sq, sc, how))
        pairs = _pick(options)
    return pairs, gendered


def _pick(
    options: list[tuple[float, int, int, _Span, _Span, str]],
) -> list[tuple[_Span, _Span, float, str]]:
    # Best similarity first; among equals, single tokens before joins and nearer
    # positions first, so repeated names ("Abdul ... Abdul") pair in order.
    options.sort(key=lambda o: (-o[0], o[1], o[2]))
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs = []
    for sim, _, _, sq, sc, how in options:
        rq = range(sq.start, sq.end)
        rc = range(sc.start, sc.end)
        if used_q.intersection(rq) or used_c.intersection(rc):
            continue
        used_q.update(rq)
        used_c.update(rc)
        pairs.append((sq, sc, sim, how))
    return pairs


def _covered(pairs: list[tuple[_Span, _Span, float, str]], side: int) -> set[int]:
    covered: set[int] = set()
    for pair in pairs:
        span = pair[side]
        assert isinstance(span, _Span)
        covered.update(range(span.start, span.end))
    return covered


def _has_leftovers(pairs: list[tuple[_Span, _Span, float, str]], q: tuple, c: tuple) -> bool:
    return len(_covered(pairs, 0)) < len(q) or len(_covered(pairs, 1)) < len(c)


def _role_count(tokens: list[Token], roles: tuple[str, ...]) -> int:
    return sum(1 for t in tokens if t.role in roles)


def compare_prepared(
    query: PreparedName, listed: PreparedName, threshold: float = DEFAULT_THRESHOLD
) -> NameMatch:
    """Score a prepared query name against a prepared listed name, with explanation."""
    q, c = query.tokens, listed.tokens
    notes: list[str] = []
    if not q or not c:
        return NameMatch(query.original, listed.original, 0.0, threshold=threshold)
    pairs, gendered = _align(q, c)
    covered_q, covered_c = _covered(pairs, 0), _covered(pairs, 1)
    left_q = [t for i, t in enumerate(q) if i not in covered_q]
    left_c = [t for i, t in enumerate(c) if i not in covered_c]

    total_w = sum(max(_weight(q, sq), _weight(c, sc)) for sq, sc, _, _ in pairs)
    quality = (
        sum(max(_weight(q, sq), _weight(c, sc)) * sim for sq, sc, sim, _ in pairs) / total_w
        if total_w
        else 0.0
    )
    score = quality

    names_q = [t for t in left_q if t.role in (NAME, INITIAL)]
    names_c = [t for t in left_c if t.role in (NAME, INITIAL)]
    substitutions = min(len(names_q), len(names_c))
    if substitutions:
        surname_swapped = any(t.surname for t in names_c) or any(t.surname for t in names_q)
        score -= SUBSTITUTION_PENALTY * substitutions
        if surname_swapped:
            score -= SURNAME_SUBSTITUTION_PENALTY - SUBSTITUTION_PENALTY
        notes.append(f"{substitutions} name part(s) differ")
    for a, b in sorted(gendered):
        notes.append(f"{a} / {b}: {GENDERED}")
    unpaired = len(names_q) + len(names_c) - 2 * substitutions
    score -= min(UNPAIRED_PENALTY * unpaired, UNPAIRED_PENALTY_CAP)
    if any(t.role == NUMBER for t in left_q) and any(t.role == NUMBER for t in left_c):
        score -= NUMBER_MISMATCH_PENALTY
        notes.append("numbers differ")

    # Evidence: name parts that agree (an initial counts half). One part is not enough
    # when either name has more parts.
    strength = 0.0
    for sq, sc, _, _ in pairs:
        tokens = list(q[sq.start : sq.end]) + list(c[sc.start : sc.end])
        strength += (
            1.0
            if any(t.role == NAME for t in tokens)
            else 0.5 * (INITIAL in {t.role for t in tokens})
        )
    parts_q = _role_count(list(q), (NAME, INITIAL))
    parts_c = _role_count(list(c), (NAME, INITIAL))
    entity = query.kind in ENTITY_KINDS or listed.kind in ENTITY_KINDS
    if strength < 1.5 and max(parts_q, parts_c) > 1 and not entity and score > SINGLE_PART_CAP:
        score = SINGLE_PART_CAP
        notes.append("only one name part agrees")
    if not pairs or strength == 0:
        score = 0.0
    if listed.legal_forms or query.legal_forms:
        notes.append(
            "legal form ignored: "
            + ", ".join(sorted(set(query.legal_forms) | set(listed.legal_forms)))
        )

    return NameMatch(
        query=query.original,
        listed=listed.original,
        score=max(0.0, min(1.0, score)),
        pairs=[TokenPair(sq.token.text, sc.token.text, sim, how) for sq, sc, sim, how in pairs],
        missing=[t.text for t in left_c if t.role != PARTICLE],
        extra=[t.text for t in left_q if t.role != PARTICLE],
        notes=notes,
        threshold=threshold,
    )


def compare_names(a: str, b: str, kind: str | None = None) -> NameMatch:
    """Compare query name ``a`` with listed name ``b`` (kind as in prepare_name)."""
    return compare_prepared(prepare_name(a, kind), prepare_name(b, kind))
