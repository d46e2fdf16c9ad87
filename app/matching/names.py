"""Alignment of two names' tokens, and the name score built from it.

Alignment pairs tokens in any order, greedily by similarity. A token may also pair with
two or three adjacent tokens of the other name joined together, so glued and split
spellings agree ("PolPot" / "Pol Pot", "Patr ushev" / "Patrushev").

The score is made of small named features (:mod:`app.matching.features`): how well the
paired parts agree, then a deduction for each kind of disagreement, then a ceiling when
the agreeing parts prove too little. Each is carried on the ``NameMatch`` with its
effect and a sentence, so the "why" lists every part of the score.
"""

from __future__ import annotations

from app.matching.features import (
    WEAK_PAIR_LEVEL,
    Alignment,
    Pair,
    score_alignment,
)
from app.matching.folding import sound_onsets
from app.matching.prepare import (
    INITIAL,
    PARTICLE,
    PreparedName,
    Span,
    Token,
    prepare_name,
)
from app.matching.results import DEFAULT_THRESHOLD, NameMatch, TokenPair
from app.matching.similarity import GENDERED, SIMILARITY_CACHE, token_similarity

# Joined spans must agree at least this well to be used.
JOIN_MIN_SIMILARITY = 0.85

# A pairing option: similarity, 1 for a join (singles first), distance of positions,
# the two spans and how they agree.
Option = tuple[float, int, int, Span, Span, str]


def _align(query: PreparedName, listed: PreparedName) -> tuple[list[Pair], set[tuple[str, str]]]:
    """Greedy best-first pairing of tokens; returns pairs and gendered-form clashes."""
    options: list[Option] = []
    gendered: set[tuple[str, str]] = set()
    single_q = query.singles
    single_c = listed.singles
    cached = SIMILARITY_CACHE.get  # this loop is the hot path: avoid a call per pair
    for sq in single_q:
        tq = sq[2]
        for sc in single_c:
            tc = sc[2]
            if (tq.role == INITIAL or tc.role == INITIAL) and _initial_against_surname(
                query, tq, listed, tc
            ):
                continue
            found = cached((tq.key, tc.key))
            sim, how = found if found is not None else token_similarity(tq, tc)
            if sim > 0:
                options.append((sim, 0, abs(sq[0] - sc[0]), sq, sc, how))
            elif how == GENDERED:
                gendered.add((sq[2].text, sc[2].text))
    pairs = _pick(options)
    left_q = set(range(len(single_q))) - _covered(pairs, 0)
    left_c = set(range(len(single_c))) - _covered(pairs, 1)
    if (left_q or left_c) and (query.joins or listed.joins):
        # Glued/split spellings pair tokens left single, and tokens paired only weakly:
        # "ALBALAWI" first pairs "BALAWI" as a typo, which the joined "AL BALAWI" (an
        # exact match) must be able to replace. Strong pairs are kept as they are.
        left_q |= _weakly_paired(pairs, 0)
        left_c |= _weakly_paired(pairs, 1)
    if left_q and left_c and (query.joins or listed.joins):
        # Glued and split spellings start with the same letter: a join whose first letter
        # starts no token of the other name is dropped before anything else.
        first_q = {t.text[0] for t in query.tokens}
        first_c = {t.text[0] for t in listed.tokens}
        # Syllables of a foreign name in Hangul or Chinese characters start with other
        # letters than its Latin spelling (블라디미르 beul... / Vladimir): kept.
        if query.tokens[0].syllabic or listed.tokens[0].syllabic:
            first_q |= {o for t in query.tokens for o in sound_onsets(t.text, t.syllabic)}
            first_c |= {o for t in listed.tokens for o in sound_onsets(t.text, t.syllabic)}
        joins_q = [
            s
            for s in query.joins
            if _may_join(query, s, first_c) and left_q.intersection(range(s.start, s.end))
        ]
        joins_c = [
            s
            for s in listed.joins
            if _may_join(listed, s, first_q) and left_c.intersection(range(s.start, s.end))
        ]
        free_q = [s for s in single_q if s[0] in left_q]
        free_c = [s for s in single_c if s[0] in left_c]
        extra = False
        for group_q, group_c in ((joins_q, free_c), (free_q, joins_c), (joins_q, joins_c)):
            for sq in group_q:
                for sc in group_c:
                    # Glued and split spellings start with the same letter; checking
                    # that first keeps this quadratic loop cheap.
                    tq, tc = sq.token, sc.token
                    if INITIAL in (tq.role, tc.role) or (
                        tq.text[0] != tc.text[0]
                        and not (
                            (query.tokens[sq.start].syllabic or listed.tokens[sc.start].syllabic)
                            and sound_onsets(tq.text, tq.syllable_join)
                            & sound_onsets(tc.text, tc.syllable_join)
                        )
                    ):
                        continue
                    sim, how = token_similarity(sq[2], sc[2])
                    if sim >= JOIN_MIN_SIMILARITY:
                        options.append((sim, 1, abs(sq[0] - sc[0]), sq, sc, how))
                        extra = True
        if extra:
            pairs = _pick(options)
    return pairs, gendered


def _may_join(name: PreparedName, span: Span, firsts: set[str]) -> bool:
    """A join may pair if the other name has a token starting like it (letter or sound)."""
    if span.token.text[0] in firsts:
        return True
    return name.tokens[span.start].syllabic and bool(sound_onsets(span.token.text, True) & firsts)


def _weakly_paired(pairs: list[Pair], side: int) -> set[int]:
    """Tokens on ``side`` (all single) whose pair agrees too little to stand against a join."""
    return {pair[side].start for pair in pairs if pair.similarity < WEAK_PAIR_LEVEL}


def _initial_against_surname(query: PreparedName, q: Token, listed: PreparedName, c: Token) -> bool:
    """An initial stands for a given name: it may not pair with a stated surname."""
    return (q.role == INITIAL and c.surname and listed.surname_stated) or (
        c.role == INITIAL and q.surname and query.surname_stated
    )


def _pick(options: list[Option]) -> list[Pair]:
    # Best similarity first; among equals, single tokens before joins and nearer
    # positions first, so repeated names ("Abdul ... Abdul") pair in order.
    # Among equal joins, the one covering more tokens ("ang kel ra" whole, not "ang kel").
    options.sort(key=lambda o: (-o[0], o[1], o[2], o[3].start - o[3].end + o[4].start - o[4].end))
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs: list[Pair] = []
    for sim, _, _, sq, sc, how in options:
        rq = range(sq[0], sq[1])
        rc = range(sc[0], sc[1])
        if used_q.intersection(rq) or used_c.intersection(rc):
            continue
        used_q.update(rq)
        used_c.update(rc)
        pairs.append(Pair(sq, sc, sim, how))
    return _swap_to_pair_more(pairs, options, used_q, used_c)


def _swap_to_pair_more(
    pairs: list[Pair],
    options: list[Option],
    used_q: set[int],
    used_c: set[int],
) -> list[Pair]:
    """Undo a greedy choice that left two tokens unpaired when swapping pairs them.

    Best-first can take a pair whose tokens each had another partner: Korean "Хэ"
    agrees with both "Hae" and "Choe", and taking Хэ~Choe leaves "Чхве" and "Hae"
    alone. If (q1, c2) and (q2, c1) together beat (q1, c1), they replace it.
    """
    singles = {(o[3][0], o[4][0]): o for o in options if not o[1]}
    free_q = {q for q, _ in singles if q not in used_q}
    free_c = {c for _, c in singles if c not in used_c}
    if not free_q or not free_c:
        return pairs
    for index, (sq, sc, sim, _how) in enumerate(pairs):
        if sq[1] - sq[0] != 1 or sc[1] - sc[0] != 1:
            continue
        best = None
        for q2 in free_q:
            for c2 in free_c:
                a, b = singles.get((sq[0], c2)), singles.get((q2, sc[0]))
                if a and b and a[0] + b[0] > sim and (best is None or a[0] + b[0] > best[0]):
                    best = (a[0] + b[0], a, b, q2, c2)
        if best is not None:
            _, a, b, q2, c2 = best
            pairs[index] = Pair(a[3], a[4], a[0], a[5])
            pairs.append(Pair(b[3], b[4], b[0], b[5]))
            free_q.discard(q2)
            free_c.discard(c2)
            if not free_q or not free_c:
                break
    return pairs


def _covered(pairs: list[Pair], side: int) -> set[int]:
    covered: set[int] = set()
    for pair in pairs:
        start, end = pair[side].start, pair[side].end
        if end - start == 1:
            covered.add(start)
        else:
            covered.update(range(start, end))
    return covered


def compare_prepared(
    query: PreparedName, listed: PreparedName, threshold: float = DEFAULT_THRESHOLD
) -> NameMatch:
    """Score a prepared query name against a prepared listed name, with explanation."""
    if not query.tokens or not listed.tokens:
        return NameMatch(query.original, listed.original, 0.0, threshold=threshold)
    pairs, gendered = _align(query, listed)
    info = [f"{a} / {b}: {GENDERED}" for a, b in sorted(gendered)] if gendered else []
    if not pairs:
        # Most candidates from the index share a key but no token: say so cheaply.
        missing = [t.text for t in listed.tokens if t.role != PARTICLE]
        extra = [t.text for t in query.tokens if t.role != PARTICLE]
        return NameMatch(query.original, listed.original, 0.0, [], missing, extra, info, threshold)
    covered_q, covered_c = _covered(pairs, 0), _covered(pairs, 1)
    left_q = [t for i, t in enumerate(query.tokens) if i not in covered_q]
    left_c = [t for i, t in enumerate(listed.tokens) if i not in covered_c]
    missing = [t.text for t in left_c if t.role != PARTICLE]
    extra = [t.text for t in left_q if t.role != PARTICLE]
    score, features = score_alignment(Alignment(query, listed, pairs, left_q, left_c))
    if listed.legal_forms or query.legal_forms:
        info.append(
            "legal form ignored: "
            + ", ".join(sorted(set(query.legal_forms) | set(listed.legal_forms)))
        )
    notes = [f.detail for f in features if f.name != "agreement"] + info
    return NameMatch(
        query=query.original,
        listed=listed.original,
        score=score,
        pairs=[
            TokenPair(p.query.token.text, p.listed.token.text, p.similarity, p.how) for p in pairs
        ],
        missing=missing,
        extra=extra,
        notes=notes,
        threshold=threshold,
        features=features,
    )


def compare_names(a: str, b: str, kind: str | None = None) -> NameMatch:
    """Compare query name ``a`` with listed name ``b`` (kind as in prepare_name)."""
    return compare_prepared(prepare_name(a, kind), prepare_name(b, kind))
