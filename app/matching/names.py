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

from app.matching.folding import fold_token
from app.matching.lexicon import read_lines
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
from app.matching.similarity import (
    CONSONANTS,
    GENDERED,
    SIMILARITY_CACHE,
    TYPO,
    token_similarity,
)

# Weight of each kind of token in the mean similarity.
ROLE_WEIGHT = {NAME: 1.0, INITIAL: 0.5, PARTICLE: 0.25, NUMBER: 0.5}
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
# Joined spans must agree at least this well to be used.
JOIN_MIN_SIMILARITY = 0.85
# Pairs that agree less than this lose extra score in proportion: two edits in a
# six-letter name ("Navros" / "Lavrov") are more often another name than a typo.
WEAK_PAIR_LEVEL = 0.8
WEAK_PAIR_PENALTY = 1.0
# Arabic "X bin Y" is "X, son of Y": the same names in swapped order are two people.
KINSHIP_PARTICLES = frozenset({"bin", "ben", "ibn", "bint", "bn"})
KINSHIP_ORDER_PENALTY = 0.25

Span = tuple[int, int, Token]
Pair = tuple[Span, Span, float, str]


def _align(query: PreparedName, listed: PreparedName) -> tuple[list[Pair], set[tuple[str, str]]]:
    """Greedy best-first pairing of tokens; returns pairs and gendered-form clashes."""
    options: list[tuple[float, int, int, Span, Span, str]] = []
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
        joins_q = [
            s
            for s in query.joins
            if s[2].text[0] in first_c and left_q.intersection(range(s[0], s[1]))
        ]
        joins_c = [
            s
            for s in listed.joins
            if s[2].text[0] in first_q and left_c.intersection(range(s[0], s[1]))
        ]
        free_q = [s for s in single_q if s[0] in left_q]
        free_c = [s for s in single_c if s[0] in left_c]
        extra = False
        for group_q, group_c in ((joins_q, free_c), (free_q, joins_c), (joins_q, joins_c)):
            for sq in group_q:
                for sc in group_c:
                    # Glued and split spellings start with the same letter; checking
                    # that first keeps this quadratic loop cheap.
                    if sq[2].text[0] != sc[2].text[0] or INITIAL in (sq[2].role, sc[2].role):
                        continue
                    sim, how = token_similarity(sq[2], sc[2])
                    if sim >= JOIN_MIN_SIMILARITY:
                        options.append((sim, 1, abs(sq[0] - sc[0]), sq, sc, how))
                        extra = True
        if extra:
            pairs = _pick(options)
    return pairs, gendered


def _weakly_paired(pairs: list[Pair], side: int) -> set[int]:
    """Tokens on ``side`` (all single) whose pair agrees too little to stand against a join."""
    return {pair[side][0] for pair in pairs if pair[2] < WEAK_PAIR_LEVEL}  # type: ignore[index]


def _initial_against_surname(query: PreparedName, q: Token, listed: PreparedName, c: Token) -> bool:
    """An initial stands for a given name: it may not pair with a stated surname."""
    return (q.role == INITIAL and c.surname and listed.surname_stated) or (
        c.role == INITIAL and q.surname and query.surname_stated
    )


def _pick(options: list[tuple[float, int, int, Span, Span, str]]) -> list[Pair]:
    # Best similarity first; among equals, single tokens before joins and nearer
    # positions first, so repeated names ("Abdul ... Abdul") pair in order.
    options.sort(key=lambda o: (-o[0], o[1], o[2]))
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
        pairs.append((sq, sc, sim, how))
    return _swap_to_pair_more(pairs, options, used_q, used_c)


def _swap_to_pair_more(
    pairs: list[Pair],
    options: list[tuple[float, int, int, Span, Span, str]],
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
            pairs[index] = (a[3], a[4], a[0], a[5])
            pairs.append((b[3], b[4], b[0], b[5]))
            free_q.discard(q2)
            free_c.discard(c2)
            if not free_q or not free_c:
                break
    return pairs


def _covered(pairs: list[Pair], side: int) -> set[int]:
    covered: set[int] = set()
    for pair in pairs:
        start, end = pair[side][0], pair[side][1]  # type: ignore[index]
        if end - start == 1:
            covered.add(start)
        else:
            covered.update(range(start, end))
    return covered


def _weight(tokens: tuple[Token, ...], span: Span) -> float:
    return sum(
        ROLE_WEIGHT[t.role] * (SURNAME_WEIGHT if t.surname else 1.0)
        for t in tokens[span[0] : span[1]]
    )


def _kinship_order_swapped(query: PreparedName, listed: PreparedName, pairs: list[Pair]) -> bool:
    """True if both names use bin/ibn and the paired name parts come in another order."""
    if not (
        KINSHIP_PARTICLES.intersection(t.text for t in query.tokens)
        and KINSHIP_PARTICLES.intersection(t.text for t in listed.tokens)
    ):
        return False
    order = [sc[0] for sq, sc, _, _ in sorted(pairs, key=lambda p: p[0][0]) if sq[2].role == NAME]
    return any(a > b for a, b in zip(order, order[1:], strict=False))


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
    pairs, gendered = _align(query, listed)
    covered_q, covered_c = _covered(pairs, 0), _covered(pairs, 1)
    left_q = [t for i, t in enumerate(q) if i not in covered_q]
    left_c = [t for i, t in enumerate(c) if i not in covered_c]
    if not pairs:
        # Most candidates from the index share a key but no token: say so cheaply.
        return NameMatch(
            query.original,
            listed.original,
            0.0,
            missing=[t.text for t in left_c if t.role != PARTICLE],
            extra=[t.text for t in left_q if t.role != PARTICLE],
            notes=[f"{a} / {b}: {GENDERED}" for a, b in sorted(gendered)],
            threshold=threshold,
        )

    total_w = sum(max(_weight(q, sq), _weight(c, sc)) for sq, sc, _, _ in pairs)
    quality = (
        sum(max(_weight(q, sq), _weight(c, sc)) * sim for sq, sc, sim, _ in pairs) / total_w
        if total_w
        else 0.0
    )
    score = quality
    weak = [sim for _, _, sim, _ in pairs if sim < WEAK_PAIR_LEVEL]
    if weak:
        score -= WEAK_PAIR_PENALTY * sum(WEAK_PAIR_LEVEL - sim for sim in weak)
    if _kinship_order_swapped(query, listed, pairs):
        score -= KINSHIP_ORDER_PENALTY
        notes.append("bin/ibn names in another order")

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
    stated_surnames = [t for t in names_q if query.surname_stated] + [
        t for t in names_c if listed.surname_stated
    ]
    if not substitutions and any(t.surname and t.role == NAME for t in stated_surnames):
        score -= SURNAME_UNPAIRED_PENALTY
        notes.append("surname not found in the other name")
    syllabic = any(t.syllabic for t in q + c)
    syllables = sum(1 for t in names_q + names_c if syllabic and t.role == NAME) - substitutions
    if syllables > 0:
        # In Chinese and Korean names every syllable counts: two shared syllables
        # out of five say little.
        score -= SUBSTITUTION_PENALTY * syllables
    if any(t.role == NUMBER for t in left_q) and any(t.role == NUMBER for t in left_c):
        score -= NUMBER_MISMATCH_PENALTY
        notes.append("numbers differ")

    # Evidence: name parts that agree (an initial counts half). One part is not enough
    # when either name has more parts.
    entity = query.kind in ENTITY_KINDS or listed.kind in ENTITY_KINDS
    person_against_entity = entity and query.kind not in ENTITY_KINDS
    strength = 0.0
    full_pairs = common_pairs = 0
    for sq, sc, _, how in pairs:
        roles_q = {t.role for t in q[sq[0] : sq[1]]}
        roles_c = {t.role for t in c[sc[0] : sc[1]]}
        if NAME in roles_q and NAME in roles_c:
            # Two-letter parts (Chinese and Korean syllables, "Li", "Yu") and parts that
            # agree only in their consonants (Arabic script) prove less. So does a
            # person's name a typo away from a company's word ("Michelle" / "MECHEL"):
            # company names are words and brands, so that is mostly coincidence.
            short = min(len(sq[2].text), len(sc[2].text)) <= 2
            typo = person_against_entity and how == TYPO
            strength += 0.5 if short or typo or how == CONSONANTS else 1.0
            full_pairs += 1
            if sq[2].folded in COMMON_NAME_PARTS or sc[2].folded in COMMON_NAME_PARTS:
                common_pairs += 1
        elif INITIAL in roles_q | roles_c and NAME in roles_q | roles_c:
            strength += 0.5
        elif person_against_entity and sq[2].text == sc[2].text and NAME in roles_q:
            # The query's first word, read as a given name ("Al"), is the listing's
            # article: "Al Haramain" / "AL-HARAMAIN ISLAMIC FOUNDATION".
            strength += 1.0
    only_common = full_pairs > 0 and common_pairs == full_pairs
    if only_common:
        # Only very common parts agree ("Mohammed Ali" in "Ahmed Mohammed Ali").
        strength = min(strength, COMMON_PART_STRENGTH * full_pairs)
    leftovers = bool(names_q or names_c)
    weak_evidence = not full_pairs or (strength < 2 and leftovers)
    if entity:
        # An entity's name may be one word ("SIERRA", "SEPAH"), so one part agreeing can
        # be enough, but not when the query has name parts that agree with nothing (a
        # person "Elena Sierra" is not the vessel SIERRA), nor when only common personal
        # names agree ("Mohammed Ali" / "ALI MOHAMED CHAMS & PARTNER").
        weak_evidence = (
            not full_pairs
            or (full_pairs <= 1 and bool(names_q))
            or (only_common and strength < 2 and leftovers)
        )
    if person_against_entity:
        # A person's name needs two agreeing parts against a longer entity name too:
        # "Al Green" is not GREEN BIRDS, "Michelle Steel" not MECHEL STEEL GROUP.
        weak_evidence = weak_evidence or (strength < 2 and leftovers)
    if weak_evidence and score > WEAK_EVIDENCE_CAP:
        score = WEAK_EVIDENCE_CAP
        notes.append("fewer than two full name parts agree")
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
        pairs=[TokenPair(sq[2].text, sc[2].text, sim, how) for sq, sc, sim, how in pairs],
        missing=[t.text for t in left_c if t.role != PARTICLE],
        extra=[t.text for t in left_q if t.role != PARTICLE],
        notes=notes,
        threshold=threshold,
    )


def compare_names(a: str, b: str, kind: str | None = None) -> NameMatch:
    """Compare query name ``a`` with listed name ``b`` (kind as in prepare_name)."""
    return compare_prepared(prepare_name(a, kind), prepare_name(b, kind))
