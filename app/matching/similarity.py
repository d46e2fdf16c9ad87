"""Similarity of two tokens, with the reason, for alignment and explanation.

Distances come from rapidfuzz. A typo budget scales with the token's length (none up to
three letters, one up to five, two up to nine, three beyond), and substitutions of one
vowel for another count half, because vowels are where romanisations disagree most.
"""

from __future__ import annotations

from rapidfuzz.distance import OSA, Indel

from app.matching.arabic import arabic_similarity
from app.matching.cyrillic_spellings import cyrillic_similarity
from app.matching.folding import (
    fold_token,
    is_gendered_given_name,
    is_gendered_pair,
    loose_sound_readings,
    phonetic_token,
    rendered_readings,
    sound_onset,
    sound_onsets,
    sound_skeleton,
    vowel_weighted_distance,
)
from app.matching.lexicon import NAME_VARIANT_GROUP
from app.matching.prepare import INITIAL, NUMBER, Token

EXACT = "exact"
ROMANISATION = "romanisation variant"
CONSONANTS = "same consonants"
INITIAL_OF = "initial"
TYPO = "spelling difference"
GENDERED = "other gender form"
NAME_VARIANT = "name variant"
SOUNDS = "same sounds in another alphabet"
RUSSIAN_SPELLING = "as Russian writes this name"
FOREIGN_SPELLING = "as another language spells this name"

# Similarity given to each kind of agreement. A romanisation variant is nearly exact;
# an initial agrees with a full name but proves little; the consonant skeleton is the
# only thing Arabic script and a Latin spelling can share.
ROMANISATION_SIMILARITY = 0.95
INITIAL_SIMILARITY = 0.9
CONSONANT_SIMILARITY = 0.88
NAME_VARIANT_SIMILARITY = 0.85
# The same name as another language spells it (foreign_renderings.txt: Dutch Poetin,
# Hungarian Szergej, Lithuanian Putinas): nearly a romanisation variant.
FOREIGN_SPELLING_SIMILARITY = 0.93
# A token transliterated from another alphabet against a Latin spelling whose consonant
# sounds agree (sound_skeleton): the same name, as each language writes it. One sound
# more at the end (a silent French ending, a Latin -us) agrees a little less.
SOUND_SIMILARITY = 0.85
SOUND_EDIT_SIMILARITY = 0.8
SOUND_MIN_LENGTH = 2
SOUND_EDIT_MIN_LENGTH = 2
SOUND_MIN_LETTER_SHARE = 0.5
# A foreign name in kana or Hangul (a transliterated token with no spelling of its own,
# or a run of syllables joined) against a Latin token: the loose sound classes agree
# (folding.loose_sounds), at least this many of them, and the letters share this much.
LOOSE_SOUND_SIMILARITY = 0.85
LOOSE_SOUND_MIN_LENGTH = 3
LOOSE_SOUND_MIN_LETTER_SHARE = 0.4
# A Cyrillic token against a Latin one, compared with the Russian spellings of the Latin
# token (cyrillic_spellings.py): from this similarity on they are one name, scored up to
# RUSSIAN_SPELLING_BEST for the exact spelling. On shuffled Latin/Cyrillic token pairs
# of the development set, 0.8 brings 0.02% of unrelated pairs to a match.
RUSSIAN_SPELLING_MIN = 0.8
RUSSIAN_SPELLING_BEST = 0.92
# Writing a Latin token out in every language's Cyrillic costs ~0.1 ms, so only token
# pairs whose plain transliterations share 40% of their letters (Indel similarity) are
# tried: 99.5% of the pairs it brings to a match, and one random pair in ten. (0.39 so
# that exactly two letters in five pass despite rounding.)
RUSSIAN_SPELLING_LETTER_SHARE = 0.39
# Short tokens are cheap to write out and share too few letters to filter on: a Korean
# syllable and its Russian spelling may share none (Jong / Чен).
RUSSIAN_SPELLING_ALWAYS_TRIED = 4
# Latin letters for sounds Arabic script writes with one letter (no p, v; one k sound).
_ARABIC_LETTERS = str.maketrans({"p": "b", "v": "f", "q": "k", "c": "k", "z": "s"})
_VOWELS = frozenset("aeiou")
# Tokens whose lengths differ by more than this in every reading cannot pair (the
# largest typo budget is three edits); phonetic readings shorten a token by at most this.
MAX_LENGTH_GAP = 4
# No spelling of one name is over three times as long as another (Щ: shch / sz is 2).
MAX_LENGTH_RATIO = 3
SINGLE_TYPO_MIN_LENGTH = 5


def typo_budget(length: int) -> float:
    """Edits allowed between two tokens whose longer one has ``length`` letters."""
    if length <= 3:
        return 0
    if length <= 5:
        return 1
    if length <= 11:
        return 2
    return 3


def _distance(a: str, b: str, budget: float) -> float:
    """Edit distance, or anything above ``budget`` as soon as that is certain.

    Most token pairs are different names: the length gap or a capped OSA distance rules
    them out before the slower vowel-weighted distance is computed.
    """
    if abs(len(a) - len(b)) > budget:
        return budget + 1
    # Vowel substitutions count half, so an OSA distance up to twice the budget may
    # still come within it.
    osa = OSA.distance(a, b, score_cutoff=int(2 * budget) + 1)
    if osa == 0 or osa > 2 * budget:
        return osa
    return min(float(osa), vowel_weighted_distance(a, b, _VOWELS))


# Token pairs recur across candidates and queries; the cache is keyed on Token.key
# (role, script class and text), which determine the result, and is cleared when full.
SIMILARITY_CACHE: dict[tuple[str, str], tuple[float, str]] = {}
CACHE_LIMIT = 1_000_000


def token_similarity(a: Token, b: Token) -> tuple[float, str]:
    """Similarity in [0, 1] of two tokens and a short reason; 0 means "not the same"."""
    cache_key = (a.key, b.key)
    found = SIMILARITY_CACHE.get(cache_key)
    if found is None:
        if len(SIMILARITY_CACHE) >= CACHE_LIMIT:
            SIMILARITY_CACHE.clear()
        found = SIMILARITY_CACHE[cache_key] = _token_similarity(a, b)
    return found


def _token_similarity(a: Token, b: Token) -> tuple[float, str]:
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
        found = _consonant_similarity(a.skeleton, b.skeleton)
        if a.consonantal != b.consonantal:
            latin, arabic = (b, a) if a.consonantal else (a, b)
            classes = arabic_similarity(latin.slavic or latin.text, arabic.text)
            if arabic.slavic:  # a second reading (Hebrew bet as b)
                classes = max(classes, arabic_similarity(latin.slavic or latin.text, arabic.slavic))
            if classes > found[0]:
                return classes, CONSONANTS
        return found
    if max(len(a.text), len(b.text)) > MAX_LENGTH_RATIO * min(len(a.text), len(b.text)):
        return 0.0, ""  # folding can shrink "shchshch..." to the "sz" of a company name
    if (
        abs(len(a.text) - len(b.text)) > MAX_LENGTH_GAP
        and abs(len(a.folded) - len(b.folded)) > MAX_LENGTH_GAP
        and not (a.slavic or b.slavic)
    ):
        return 0.0, ""  # no reading can come within the typo budget
    if (a.syllabic or b.syllabic) and a.folded != b.folded:
        # One syllable changed is another name ("Jae-hyeong" is not "Jae-myeong").
        return _name_variant(a, b)
    phonetic_a, phonetic_b = phonetic_token(a.text), phonetic_token(b.text)
    slavic_a = fold_token(a.slavic) if a.slavic else a.folded
    slavic_b = fold_token(b.slavic) if b.slavic else b.folded
    if (
        a.folded == b.folded
        or phonetic_a == phonetic_b
        or slavic_a == b.folded
        or a.folded == slavic_b
        or slavic_a == slavic_b
    ):
        return ROMANISATION_SIMILARITY, ROMANISATION
    if (
        b.folded in rendered_readings(a.text)
        or a.folded in rendered_readings(b.text)
        or (a.slavic and b.folded in rendered_readings(a.slavic))  # Lithuanian Mišustinas
        or (b.slavic and a.folded in rendered_readings(b.slavic))
    ):
        return FOREIGN_SPELLING_SIMILARITY, FOREIGN_SPELLING
    variant = _name_variant(a, b)
    if variant[0]:
        return variant
    if is_gendered_pair(a.folded, b.folded) or is_gendered_given_name(a.text, b.text):
        return 0.0, GENDERED
    best = 0.0
    readings = [(a.folded, b.folded), (phonetic_a, phonetic_b), (a.text, b.text)]
    if a.slavic or b.slavic:
        readings += [(slavic_a, b.folded), (a.folded, slavic_b)]
    for x, y in dict.fromkeys(readings):  # readings often coincide: compare each once
        length = max(len(x), len(y))
        budget = typo_budget(length)
        d = _distance(x, y, budget)
        if d <= budget:
            # A single edit in a name of five letters or more costs a little less than
            # its share of the letters, so one typo there still pairs above 0.8.
            single_typo = d <= 1 and length >= SINGLE_TYPO_MIN_LENGTH
            best = max(best, 1 - d / (length + 1) if single_typo else 1 - d / length)
    if best < SOUND_SIMILARITY and a.transliterated != b.transliterated:
        sound = max(_sound_similarity(a, b), _loose_sound_similarity(a, b))
        spelled = _russian_spelling_similarity(a, b) if sound < SOUND_SIMILARITY else 0.0
        if spelled > max(best, sound):
            return spelled, RUSSIAN_SPELLING
        if sound > best:
            return sound, SOUNDS
    return (best, TYPO) if best else (0.0, "")


def _russian_spelling_similarity(a: Token, b: Token) -> float:
    """A Cyrillic token against the ways Russian would write a Latin one."""
    cyrillic, latin = (a, b) if a.transliterated else (b, a)
    if not cyrillic.spelling or latin.consonantal or latin.syllabic:
        return 0.0
    if (
        len(latin.text) > RUSSIAN_SPELLING_ALWAYS_TRIED
        and Indel.normalized_similarity(latin.text, cyrillic.text) < RUSSIAN_SPELLING_LETTER_SHARE
    ):
        return 0.0
    similarity = cyrillic_similarity(latin.spelling or latin.text, cyrillic.spelling)
    if similarity < RUSSIAN_SPELLING_MIN:
        return 0.0
    # From SOUND_EDIT_SIMILARITY at the minimum up to just below a romanisation variant
    # for the very spelling Russian uses, so the closer spelling wins the alignment.
    share = (similarity - RUSSIAN_SPELLING_MIN) / (1 - RUSSIAN_SPELLING_MIN)
    return SOUND_EDIT_SIMILARITY + share * (RUSSIAN_SPELLING_BEST - SOUND_EDIT_SIMILARITY)


def _loose_sound_similarity(a: Token, b: Token) -> float:
    foreign, latin = (a, b) if a.transliterated else (b, a)
    if foreign.spelling or latin.syllabic:
        return 0.0  # Cyrillic has its own comparison (Russian spellings)
    agreeing = loose_sound_readings(foreign.text, foreign.syllable_join) & loose_sound_readings(
        latin.text, False
    )
    if not agreeing or max(map(len, agreeing)) < LOOSE_SOUND_MIN_LENGTH:
        return 0.0
    if not sound_onsets(foreign.text, foreign.syllable_join) & sound_onsets(latin.text, False):
        # The names start alike (a vowel, an h, or one consonant class): Korean
        # syllables "hyon jong" are not "Unjong".
        return 0.0
    if Indel.normalized_similarity(foreign.text, latin.text) < LOOSE_SOUND_MIN_LETTER_SHARE:
        return 0.0
    return LOOSE_SOUND_SIMILARITY


def _sound_similarity(a: Token, b: Token) -> float:
    foreign, latin = (a, b) if a.transliterated else (b, a)
    if not foreign.spelling and sound_onset(foreign.text) != sound_onset(latin.text):
        return 0.0  # as in _loose_sound_similarity (Cyrillic keeps its own rules)
    sa, sb = sound_skeleton(a.text), sound_skeleton(b.text)
    shorter = min(len(sa), len(sb))
    if shorter < SOUND_MIN_LENGTH:
        return 0.0
    if Indel.normalized_similarity(a.folded, b.folded) < SOUND_MIN_LETTER_SHARE:
        # The letters must still mostly agree: Vita / Фуад share only f-t.
        return 0.0
    if sa == sb:
        return SOUND_SIMILARITY
    if (
        shorter >= SOUND_EDIT_MIN_LENGTH
        and abs(len(sa) - len(sb)) == 1
        and (sa.startswith(sb) or sb.startswith(sa))
    ):
        return SOUND_EDIT_SIMILARITY
    return 0.0


def _name_variant(a: Token, b: Token) -> tuple[float, str]:
    group = NAME_VARIANT_GROUP.get(a.text)
    if group is not None and group == NAME_VARIANT_GROUP.get(b.text):
        return NAME_VARIANT_SIMILARITY, NAME_VARIANT
    return 0.0, ""


def _consonant_similarity(a: str, b: str) -> tuple[float, str]:
    a = a.translate(_ARABIC_LETTERS).replace("h", "") or a
    b = b.translate(_ARABIC_LETTERS).replace("h", "") or b
    if len(a) < 2 or len(b) < 2:
        return 0.0, ""
    if a == b:
        return CONSONANT_SIMILARITY, CONSONANTS
    if min(len(a), len(b)) >= 3 and OSA.distance(a, b) <= 1:
        return CONSONANT_SIMILARITY - 0.1, CONSONANTS
    return 0.0, ""
