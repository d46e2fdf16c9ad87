"""How Russian would write a Latin-script name: for comparing a token across alphabets.

A Russian text writes a foreign name as it sounds in its own language (Highland ->
Хайланд, Gougeard -> Гужар, Jingyuan -> Цзинъюань), so a letter-by-letter romanisation of
the Cyrillic rarely meets the Latin spelling. Instead the Latin token is written in
Cyrillic once per source-language convention (``data/cyrillic_spellings.txt``, and the
Palladius and Polivanov systems for Chinese and Japanese), and the Cyrillic token is
compared with the closest of those spellings.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from app.matching import east_asian
from app.matching.folding import vowel_weighted_distance
from app.matching.lexicon import read_lines

_SECTION = re.compile(r"^\[(.+)\]$")


def _load_sections(name: str) -> dict[str, list[tuple[re.Pattern[str], str]]]:
    sections: dict[str, list[tuple[re.Pattern[str], str]]] = {}
    rules: list[tuple[re.Pattern[str], str]] = []
    for line in read_lines(name):
        header = _SECTION.match(line)
        if header:
            rules = sections.setdefault(header.group(1), [])
            continue
        pattern, _, replacement = line.partition("=>")
        rules.append((re.compile(pattern.strip()), replacement.strip()))
    return sections


_SECTIONS = _load_sections("cyrillic_spellings.txt")
_LETTERS = str.maketrans({p.pattern: r for p, r in _SECTIONS.pop("letters")})
_LANGUAGE_RULES = tuple(_SECTIONS.values())

# What Russian spellings of one foreign name disagree on, and the comparison ignores.
# Letters of other Cyrillic alphabets (Ukrainian, Belarusian, Serbian, Macedonian,
# Kazakh) are read as the nearest Russian letters first.
_CYRILLIC_FOLD = str.maketrans(
    {
        "ё": "е",
        "э": "е",
        "є": "е",
        "й": "и",
        "ы": "и",
        "і": "и",
        "ї": "и",
        "ј": "и",
        "х": "г",
        "ґ": "г",
        "ғ": "г",
        "һ": "г",
        "ь": "",
        "ъ": "",
        "ў": "у",
        "ұ": "у",
        "ү": "у",
        "ө": "о",
        "ә": "а",
        "қ": "к",
        "ң": "н",
        "ћ": "ч",
        "ќ": "ч",
        "ђ": "дж",
        "ѓ": "дж",
        "џ": "дж",
        "љ": "л",
        "њ": "н",
        "ѕ": "дз",
    }
)
_DOUBLED = re.compile(r"(.)\1+")
_NOT_CYRILLIC = re.compile(r"[^а-я]")
_CYRILLIC_VOWELS = frozenset("аеиоуяю")


# Marks Russian adds in Korean and Chinese names that Latin spellings often lack: the
# aspiration of Чхве / Choe and the ж of Palladius' Чжон / Jong.
_ASPIRATION = re.compile(r"(?<=[чктп])х|(?<=ч)ж")


def fold_cyrillic(text: str) -> str:
    """A lowercase Cyrillic word with its unstable letters folded and doubles merged."""
    text = _ASPIRATION.sub("", text.lower())
    folded = _NOT_CYRILLIC.sub("", text.translate(_CYRILLIC_FOLD))
    return _DOUBLED.sub(r"\1", folded)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def cyrillic_spellings(word: str) -> tuple[str, ...]:
    """Folded Cyrillic spellings of a lowercase Latin-script word, one per convention."""
    spellings: list[str] = []
    for rules in _LANGUAGE_RULES:
        text = word
        for pattern, replacement in rules:
            text = pattern.sub(replacement, text)
        spellings.append(fold_cyrillic(_strip_marks(text).translate(_LETTERS)))
    ascii_word = _strip_marks(word)
    if ascii_word.isascii() and ascii_word.isalpha():
        spellings.extend(fold_cyrillic(s) for s in east_asian.palladius(ascii_word))
        spellings.extend(fold_cyrillic(s) for s in east_asian.polivanov(ascii_word))
    return tuple(dict.fromkeys(s for s in spellings if s))


def cyrillic_similarity(latin_word: str, cyrillic_word: str) -> float:
    """Similarity in [0, 1] of a Cyrillic word to the nearest Russian spelling of a Latin one."""
    target = fold_cyrillic(cyrillic_word)
    if not target:
        return 0.0
    best = 0.0
    for spelling in cyrillic_spellings(latin_word):
        length = max(len(spelling), len(target))
        if Levenshtein.distance(spelling, target) > length // 2:
            continue
        distance = vowel_weighted_distance(spelling, target, _CYRILLIC_VOWELS)
        best = max(best, 1 - distance / length)
    return best
