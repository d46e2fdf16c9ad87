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
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from app.matching import east_asian
from app.matching.folding import vowel_weighted_distance
from app.matching.lexicon import read_lines

_SECTION = re.compile(r"^\[(.+)\]$")
_LOOKAROUND = re.compile(r"\(\?<?[=!](?:[^()]|\([^()]*\))*\)")
_LITERALS = re.compile(r"^[^\W\d_]+(?:\|[^\W\d_]+)*$")


# a-z get a bit each; other letters share the remaining bits, which only weakens the filter.
_LETTER_BITS = {chr(code): 1 << (code - ord("a")) for code in range(ord("a"), ord("z") + 1)}


def _letter_mask(text: str) -> int:
    """The letters of a text as bits (see _Rule.letters)."""
    mask = 0
    for ch in text:
        mask |= _LETTER_BITS.get(ch) or 1 << (26 + ord(ch) % 38)
    return mask


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    replacement: str
    # Letters the text must hold for the rule to apply, as _letter_mask bits: all of
    # ``letters`` and, for an alternation, one of ``one_of`` (0: no condition). Rules only
    # ever remove Latin letters, so a letter missing from the word rules the rule out;
    # with ~280 rules a word, this test is what keeps writing the spellings cheap.
    letters: int
    one_of: int

    def may_apply(self, present: int) -> bool:
        return not self.letters & ~present and (not self.one_of or bool(self.one_of & present))


def _required_letters(pattern: str) -> tuple[int, int]:
    """(letters, one_of) of a plain-letters pattern (anchors and lookarounds allowed)."""
    core = _LOOKAROUND.sub("", pattern).replace("^", "").replace("$", "")
    if core.startswith("(?:") and core.endswith(")") and core.count("(") == 1:
        core = core[3:-1]
    if not _LITERALS.match(core):
        return 0, 0
    alternatives = [_letter_mask(needle) for needle in core.split("|")]
    if len(alternatives) == 1:
        return alternatives[0], 0
    # One letter of each alternative (its rarest-looking: the highest bit) must be there.
    return 0, sum({1 << (mask.bit_length() - 1) for mask in alternatives})


def _load_sections(name: str) -> dict[str, list[_Rule]]:
    sections: dict[str, list[_Rule]] = {}
    rules: list[_Rule] = []
    for line in read_lines(name):
        header = _SECTION.match(line)
        if header:
            rules = sections.setdefault(header.group(1), [])
            continue
        pattern, _, replacement = (part.strip() for part in line.partition("=>"))
        rules.append(_Rule(re.compile(pattern), replacement, *_required_letters(pattern)))
    return sections


_SECTIONS = _load_sections("cyrillic_spellings.txt")


def _letters_table(rules: list[_Rule]) -> dict[int, str]:
    """[letters] as a translation table, extended to the accented Latin letters."""
    letters = {rule.pattern.pattern: rule.replacement for rule in rules}
    table = {ord(latin): cyrillic for latin, cyrillic in letters.items()}
    for code in range(0xC0, 0x250):  # Latin-1 Supplement and Latin Extended-A/B
        base = unicodedata.normalize("NFD", chr(code))[0].lower()
        if base in letters:
            table.setdefault(code, letters[base])
    return table


_LETTERS = _letters_table(_SECTIONS.pop("letters"))
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


_CYRILLIC_VOWEL_RUN = re.compile(r"[аеиоуяю]+")
# Index keys keep only classes of consonants, in ASCII, so that the spellings of one
# Latin token (which differ in voicing and in the hushing sounds from language to
# language) give few distinct keys: б/п, в/ф, г/к/х, д/т, ж/ш/щ/ч/з/с/ц (дж, тс: one).
_KEY_CLASSES = str.maketrans("бпвфгкхдтжшщчзсцлмнр", "ppffkkkttssssssslmnr")
_AFFRICATE = re.compile(r"ts")


def cyrillic_skeleton(folded: str, vowels: bool = False) -> str:
    """Consonant classes of a folded Cyrillic spelling, for the index (хайланд: klnt).

    With ``vowels``, each run of vowels stays as one "a" (дауд: tat): short names have
    too few consonants to tell apart otherwise.
    """
    classes = _CYRILLIC_VOWEL_RUN.sub("a" if vowels else "", folded).translate(_KEY_CLASSES)
    return _DOUBLED.sub(r"\1", _AFFRICATE.sub("s", classes))


@lru_cache(maxsize=200_000)
def cyrillic_spellings(word: str) -> tuple[str, ...]:
    """Folded Cyrillic spellings of a lowercase Latin-script word, one per convention."""
    spellings: list[str] = []
    present = _letter_mask(word)
    for rules in _LANGUAGE_RULES:
        text = word
        for rule in rules:
            if rule.may_apply(present):
                text = rule.pattern.sub(rule.replacement, text)
        spellings.append(fold_cyrillic(text.translate(_LETTERS)))
    ascii_word = unicodedata.normalize("NFD", word).encode("ascii", "ignore").decode()
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
