"""Per-token folding keys that make spelling variants compare equal.

* :func:`fold_token` collapses romanisation variants (Kuznetsov / Kouznetsov / Kusnezow /
  Kuznecov, Artem / Artyom / Artjom, Dmitriy / Dmitri / Dmitrij) using the ordered rewrite
  rules in ``data/romanisation_folding.txt``, then removes doubled letters.
* :func:`phonetic_token` is a second reading for spellings the first cannot fold
  without breaking others (hard c, j/dz), used by the scorer only.
* :func:`consonant_skeleton` keeps only consonants; it is how Arabic and Hebrew script
  (written without short vowels) meet the Latin spelling of the same name.
* :func:`is_gendered_pair` spots the female and male forms of one Slavic surname
  (Kuznetsova / Kuznetsov), which are different people.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

from rapidfuzz.distance import Levenshtein

from app.matching.lexicon import read_lines


def _load_rules(name: str) -> list[tuple[re.Pattern[str], str]]:
    rules = []
    for line in read_lines(name):
        pattern, _, replacement = line.partition("=>")
        rules.append((re.compile(pattern.strip()), replacement.strip()))
    return rules


_RULES = _load_rules("romanisation_folding.txt")


def _load_sections(name: str) -> dict[str, list[tuple[re.Pattern[str], str]]]:
    sections: dict[str, list[tuple[re.Pattern[str], str]]] = {}
    current: list[tuple[re.Pattern[str], str]] = []
    for line in read_lines(name):
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
            continue
        pattern, _, replacement = line.partition("=>")
        current.append((re.compile(pattern.strip()), replacement.strip()))
    return sections


_RENDERINGS = _load_sections("foreign_renderings.txt")
_LOOSE_CLASSES = {
    letter: cls
    for letters, cls in (line.split() for line in read_lines("loose_sounds.txt"))
    for letter in letters
}
_LOOSE_ALTERNATIVES = {
    letter: tuple("" if c == "-" else c for c in classes)
    for letter, classes in (line.split() for line in read_lines("loose_sound_alternatives.txt"))
}
MAX_LOOSE_READINGS = 64
_FINAL_NG = re.compile(r"ng(?![aeiouy])")
_PHONETIC_RULES = _load_rules("phonetic_folding.txt")
_KOREAN_RULES = _load_rules("korean_romanisation.txt")
_DOUBLED = re.compile(r"(.)\1+")
_NOT_SKELETON = re.compile(r"[aeiouyw'`]+")


@lru_cache(maxsize=200_000)
def fold_token(token: str) -> str:
    """Romanisation-folded form of a lowercase ASCII token (digits pass through)."""
    if not token.isalpha():
        return token
    folded = token
    for pattern, replacement in _RULES:
        folded = pattern.sub(replacement, folded)
    return _DOUBLED.sub(r"\1", folded) or token


@lru_cache(maxsize=65536)
def loose_sounds(token: str) -> str:
    """Loose sound classes of a token (loose_sounds.txt): "donarudo" and "donald" -> TNRT.

    n before a p-class letter is m (トランプ toranpu for Trump).
    """
    out = []
    for i, ch in enumerate(token):
        cls = _LOOSE_CLASSES.get(ch)
        if cls == "N" and i + 1 < len(token) and _LOOSE_CLASSES.get(token[i + 1]) == "P":
            cls = "M"
        if cls and (not out or out[-1] != cls):
            out.append(cls)
    return "".join(out)


@lru_cache(maxsize=65536)
def loose_sound_readings(token: str, foreign: bool) -> frozenset[str]:
    """Every loose sound reading of a token (see loose_sound_alternatives.txt).

    A foreign name read from Hangul or Han syllables joined (``foreign``) tries
    each class its ambiguous letters may stand for: "pujing" reads PSN, PTN and PKN
    (Putin). A Latin token also reads without the k of kh, a sound these scripts write
    as h (哈梅内伊, ハメネイ, 하메네이 Khamenei).
    """
    # A final ng is one nasal (Chinese jing, Korean jong): n, as the Latin n it renders.
    token = _FINAL_NG.sub("n", token)
    if not foreign:
        return frozenset({loose_sounds(token), loose_sounds(token.replace("kh", "h"))})
    options: list[tuple[str, ...]] = []
    total = 1
    for i, ch in enumerate(token):
        alternatives = _LOOSE_ALTERNATIVES.get(ch)
        if alternatives is None:
            cls = _LOOSE_CLASSES.get(ch, "")
            if cls == "N" and i + 1 < len(token) and _LOOSE_CLASSES.get(token[i + 1]) == "P":
                cls = "M"
            alternatives = (cls,)
        total *= len(alternatives)
        options.append(alternatives)
    if total > MAX_LOOSE_READINGS:
        return frozenset({loose_sounds(token)})
    return frozenset(_DOUBLED.sub(r"\1", "".join(combo)) for combo in product(*options))


@lru_cache(maxsize=65536)
def sound_onsets(token: str, foreign: bool) -> frozenset[str]:
    """How a token may start, loosely: sound_onset, or for a foreign name's reading in
    kana, Hangul or Chinese characters each class its first letter may stand for
    (谢 xie for Se-, 瓦 wa for Va-)."""
    if not foreign or token[:1] in "aeiouy" or token[:1] not in _LOOSE_ALTERNATIVES:
        return frozenset({sound_onset(token)})
    return frozenset(r[:1] or "V" for r in loose_sound_readings(token, True))


@lru_cache(maxsize=65536)
def sound_onset(token: str) -> str:
    """How a token starts, loosely: "V" for a vowel, else the first letter's class."""
    first = token[:1]
    return "V" if first in "aeiouy" else loose_sounds(first) or first


@lru_cache(maxsize=200_000)
def rendered_readings(token: str) -> frozenset[str]:
    """Folded readings of a token as other languages spell it (foreign_renderings.txt).

    "poetin" (Dutch) reads "putin", "szergej" (Hungarian) "sergej", "putinas"
    (Lithuanian) "putin". Only readings that differ from the plain folded form.
    """
    if not token.isalpha():
        return frozenset()
    plain = fold_token(token)
    readings = set()
    for rules in _RENDERINGS.values():
        text = token
        for pattern, replacement in rules:
            text = pattern.sub(replacement, text)
        if text != token and text and (folded := fold_token(text)) != plain:
            readings.add(folded)
    return frozenset(readings)


@lru_cache(maxsize=200_000)
def phonetic_token(token: str) -> str:
    """Second reading of a token (hard c as k, j/dz as one sound), then folded."""
    if not token.isalpha():
        return token
    for pattern, replacement in _PHONETIC_RULES:
        token = pattern.sub(replacement, token)
    return fold_token(token)


@lru_cache(maxsize=4096)
def korean_syllable(syllable: str) -> str:
    """A Hangul syllable's Revised Romanisation moved towards popular spellings."""
    for pattern, replacement in _KOREAN_RULES:
        syllable = pattern.sub(replacement, syllable)
    return syllable


@lru_cache(maxsize=200_000)
def consonant_skeleton(token: str) -> str:
    """Consonants of a lowercase ASCII token, doubled letters merged ("mohammed" -> "mhmd").

    w and y are dropped too: in Arabic script they mostly write the long vowels u and i.
    """
    return _DOUBLED.sub(r"\1", _NOT_SKELETON.sub("", token))


def is_gendered_pair(folded_a: str, folded_b: str) -> bool:
    """True if one folded surname is the other plus a female ending (-a)."""
    short, long_ = sorted((folded_a, folded_b), key=len)
    return len(short) >= 4 and long_ == short + "a" and short[-1] in "vnkS"


def is_gendered_given_name(text_a: str, text_b: str) -> bool:
    """True for the -o / -a pair of a Romance given name (Antonio / Antonia)."""
    return (
        len(text_a) == len(text_b) >= 4
        and text_a[:-1] == text_b[:-1]
        and {text_a[-1], text_b[-1]} == {"a", "o"}
    )


# Sound classes for a token written in another alphabet against a Latin spelling: the
# letters each language uses for one sound fall into one class (sibilants and
# affricates: s z c ч ш ж ц; k g q; t d; p b; f v w), vowels and h are dropped
# (Whedon / Уидон, Hermias / Гермий, Eleanor / Элинор).
_SOUND_CLASSES = str.maketrans(
    {
        "S": "s",
        "C": "s",
        "J": "s",
        "z": "s",
        "c": "s",
        "x": "s",
        "g": "k",
        "q": "k",
        "d": "t",
        "b": "p",
        "w": "f",
        "v": "f",
    }
)
_NOT_SOUND = re.compile(r"[aeiouyh'`]+")


@lru_cache(maxsize=200_000)
def sound_skeleton(token: str) -> str:
    """Consonant classes of a token's phonetic reading, repeats merged ("carlucci" -> "krls")."""
    classes = _NOT_SOUND.sub("", phonetic_token(token)).translate(_SOUND_CLASSES)
    return _DOUBLED.sub(r"\1", classes)


def vowel_weighted_distance(a: str, b: str, vowels: frozenset[str]) -> float:
    """Levenshtein distance where a vowel written for another vowel costs one half.

    Vowels are where romanisations (and Russian spellings of foreign names) disagree most.
    """
    cost = 0.0
    for op in Levenshtein.editops(a, b):
        if op.tag == "replace" and a[op.src_pos] in vowels and b[op.dest_pos] in vowels:
            cost += 0.5
        else:
            cost += 1
    return cost
