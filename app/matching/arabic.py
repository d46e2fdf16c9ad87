"""Arabic and Persian script against Latin spellings: consonant classes, vowels tolerated.

Arabic script leaves short vowels unwritten, and a Latin spelling of the same name
(a Western name in Arabic script, or an Arabic name romanised) may write any vowels at
all. Both sides are read as a string of consonant classes (``data/arabic_script.txt``:
no p in Arabic so p/b are one class, v/f one, g/j/gh one, sh/ch one; vowels, w, y, h
dropped) and the class strings are compared. How much a pair proves depends on how
many classes agree: two agreeing classes ("mr") are shared by many unrelated names.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import OSA

from app.matching.lexicon import read_lines


def _rules() -> dict[str, tuple[str, ...]]:
    rules: dict[str, tuple[str, ...]] = {}
    for line in read_lines("arabic_script.txt"):
        spelling, classes = line.split()
        rules[spelling] = tuple("" if c == "-" else c for c in classes.split("|"))
    return rules


_BY_SPELLING = _rules()
_LONGEST = max(len(s.rstrip("$")) for s in _BY_SPELLING)
# At most this many readings of one token (each ambiguous spelling doubles them).
MAX_READINGS = 8

# Similarity of a pair whose classes are the same, and with one edit (a letter Arabic
# writes and the Latin spelling does not, or the other way round); class strings
# shorter than these prove too little to pair at all. A Latin spelling may also end in
# one consonant more (French silent -r, -t, -s: Cartier / كارتييه), from three classes.
SAME_CLASSES_SIMILARITY = 0.88
ONE_EDIT_SIMILARITY = 0.82
SAME_MIN_LENGTH = 2
ONE_EDIT_MIN_LENGTH = 4
SILENT_ENDINGS = frozenset("RTSD")
SHORT_NAME_LENGTH = 6


# The long vowels Arabic writes: a second, vowelled reading (e/i/y as ya, o/u/w as waw)
# lets short names with one consonant pair ("Rory" / روري, "Noi" / نوي), which the
# consonants alone cannot tell from hundreds of others.
_VOWEL_LETTERS = {"e": ("Y",), "i": ("Y",), "y": ("Y",), "o": ("W",), "u": ("W",), "w": ("W",)}


@lru_cache(maxsize=65536)
def arabic_classes(text: str, vowels: bool = False) -> tuple[str, ...]:
    """Consonant-class readings of a Latin token or of an Arabic token's Latin reading."""
    rules = {**_BY_SPELLING, **_VOWEL_LETTERS} if vowels else _BY_SPELLING
    readings = [""]
    i = 0
    while i < len(text):
        for size in range(min(_LONGEST, len(text) - i), 0, -1):
            piece = text[i : i + size]
            options = None
            if i + size == len(text):
                options = rules.get(piece + "$")
            if options is None:
                options = rules.get(piece)
            if options is not None:
                readings = [r + o for r in readings for o in options][:MAX_READINGS]
                i += size
                break
        else:
            i += 1  # digits and letters no rule names
    # Doubled letters are one sound ("Woolley", "Packard"; Arabic writes shadda apart).
    return tuple(
        dict.fromkeys(
            "".join(ch for k, ch in enumerate(r) if k == 0 or ch != r[k - 1]) for r in readings
        )
    )


def arabic_similarity(latin: str, arabic_reading: str) -> float:
    """Similarity in [0, 1] of a Latin token and an Arabic-script token's reading."""
    best = 0.0
    for a in arabic_classes(latin):
        for b in arabic_classes(arabic_reading):
            best = max(best, _class_similarity(a, b))
    if best == 0.0 and len(latin) <= SHORT_NAME_LENGTH:
        vowelled = set(arabic_classes(arabic_reading, vowels=True))
        if any(len(a) >= 2 and a in vowelled for a in arabic_classes(latin, vowels=True)):
            best = SAME_CLASSES_SIMILARITY
    return best


def _class_similarity(a: str, b: str) -> float:
    shorter = min(len(a), len(b))
    if shorter < SAME_MIN_LENGTH:
        return 0.0
    if a == b:
        return SAME_CLASSES_SIMILARITY
    if len(a) == len(b) + 1 and shorter >= 3 and a[-1] in SILENT_ENDINGS and a.startswith(b):
        return ONE_EDIT_SIMILARITY
    if shorter >= ONE_EDIT_MIN_LENGTH and OSA.distance(a, b, score_cutoff=1) <= 1:
        return ONE_EDIT_SIMILARITY
    return 0.0
