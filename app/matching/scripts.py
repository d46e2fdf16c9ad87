"""Writing-system detection and conversion of any script to Latin letters.

anyascii (ISC licence) gives a reasonable Latin reading of every script; what it cannot
do (vowels of Arabic and Hebrew, the many romanisations of Russian) is handled later by
the folding and skeleton keys in :mod:`app.matching.folding`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from app.matching.lexicon import read_lines

# Unicode character-name prefixes -> script names reported by detect_script().
_SCRIPT_PREFIXES: tuple[tuple[str, str], ...] = (
    ("LATIN", "Latin"),
    ("CYRILLIC", "Cyrillic"),
    ("GREEK", "Greek"),
    ("ARMENIAN", "Armenian"),
    ("GEORGIAN", "Georgian"),
    ("ARABIC", "Arabic"),
    ("HEBREW", "Hebrew"),
    ("CJK", "Han"),
    ("HANGUL", "Hangul"),
    ("HIRAGANA", "Kana"),
    ("KATAKANA", "Kana"),
    ("DEVANAGARI", "Devanagari"),
    ("THAI", "Thai"),
    ("KHMER", "Khmer"),
    ("BENGALI", "Bengali"),
    ("ETHIOPIC", "Ethiopic"),
)

# Scripts that usually leave short vowels unwritten: tokens from them are compared by
# their consonant skeleton only.
# Khmer's consonants carry an inherent vowel that is not written (ពត pt for Pot), so
# its words are compared the same way.
CONSONANTAL_SCRIPTS = frozenset({"Arabic", "Hebrew", "Khmer"})
# Scripts where the family name comes first.
SURNAME_FIRST_SCRIPTS = frozenset({"Han", "Hangul", "Kana"})


@lru_cache(maxsize=4096)
def char_script(char: str) -> str | None:
    """Script of one letter, or None for digits, punctuation and spaces."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    for prefix, script in _SCRIPT_PREFIXES:
        if name.startswith(prefix):
            return script
    return "Other"


def detect_script(text: str) -> str:
    """Name of the script of ``text``: one script name, or "Mixed" if letters differ.

    Kana mixed with Han (normal Japanese) is reported as "Kana". Text without letters
    is reported as "Latin", the neutral default.
    """
    scripts = {s for s in map(char_script, text) if s is not None}
    if "Kana" in scripts:
        scripts.discard("Han")
    if not scripts:
        return "Latin"
    if len(scripts) == 1:
        return scripts.pop()
    return "Mixed"


# Small kana that modify the syllable before them: ya/yu/yo (キャ kya, ジョ jo) and the
# small vowels of loanwords (ティ ti, ファ fa); the small tsu doubles the next consonant.
_SMALL_Y = dict(zip("ゃゅょャュョ", "auoauo", strict=True))
_SMALL_VOWELS = dict(zip("ぁぃぅぇぉァィゥェォ", "aiueoaiueo", strict=True))
_SMALL_TSU = frozenset("っッ")
_LONG_MARK = "ー"


def _kana_to_latin(word: str) -> str:
    """Hepburn-like reading of kana: anyascii reads each kana alone ("jiyo" for ジョ)."""
    out: list[str] = []
    double = False
    for ch in word:
        if ch in _SMALL_Y and out and out[-1].endswith("i"):
            base = out[-1][:-1]
            palatal = base.endswith(("sh", "ch", "j"))
            out[-1] = base + ("" if palatal else "y") + _SMALL_Y[ch]
        elif ch in _SMALL_VOWELS and out and len(out[-1]) > 1:
            out[-1] = out[-1][:-1] + _SMALL_VOWELS[ch]
        elif ch in _SMALL_TSU:
            double = True
        elif ch == _LONG_MARK:
            continue
        else:
            latin = anyascii(ch).lower()
            if double and latin:
                latin = latin[0] + latin
                double = False
            out.append(latin)
    return "".join(out)


def _load_readings() -> dict[str, list[tuple[re.Pattern[str], str]]]:
    sections: dict[str, list[tuple[re.Pattern[str], str]]] = {}
    current: list[tuple[re.Pattern[str], str]] = []
    for line in read_lines("script_readings.txt"):
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
            continue
        pattern, _, replacement = line.partition("=>")
        current.append((re.compile(pattern.strip()), replacement.strip()))
    return sections


_READINGS = _load_readings()


def _apply(rules: list[tuple[re.Pattern[str], str]], word: str) -> str:
    plain = "".join(
        ch for ch in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(ch)
    )
    for pattern, replacement in rules:
        plain = pattern.sub(replacement, plain)
    return plain


@lru_cache(maxsize=65536)
def to_latin(word: str, script: str | None = None) -> str:
    """Latin-letter reading of one word in any script (anyascii; kana as above)."""
    if any("\u3040" <= ch <= "\u30ff" for ch in word):
        return _kana_to_latin(word)
    rules = _READINGS.get(script or "")
    return anyascii(_apply(rules, word) if rules else word)


@lru_cache(maxsize=65536)
def second_reading(word: str, script: str) -> str:
    """Another Latin reading of a word (``[Script second]`` rules), or "" if none differs."""
    rules = _READINGS.get(f"{script} second")
    if not rules:
        return ""
    reading = anyascii(_apply(rules, word)).lower()
    return "" if reading == anyascii(word).lower() else reading
