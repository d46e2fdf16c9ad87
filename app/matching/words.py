"""Splitting a name into words in Latin letters, with the script each came from.

The first step of :func:`app.matching.prepare.prepare_name`: per word conversion to
Latin letters (anyascii, with the readings of ``scripts.py``), camel-case splitting of
glued parts, the Arabic article split off, Hangul and Han written one syllable a word,
and the second reading of accented Slavic letters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from app.matching.folding import korean_syllable
from app.matching.lexicon import SLAVIC_LETTERS
from app.matching.scripts import detect_script, second_reading, to_latin

SYLLABLE_SCRIPTS = frozenset({"Han", "Hangul"})

APOSTROPHES = re.compile(r"['’‘`ʼʻ´]")
# A capital after a lowercase word of three letters or more: "SiemensAG", "PolPot", but
# not prefixes such as "McIver", "LaMonica", "DiCaprio".
_CAMEL = re.compile(r"(?<=[A-Za-z][a-z]{2})(?=[A-Z])")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ASCII_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")


@dataclass(slots=True)
class Word:
    text: str
    script: str
    surname: bool = False
    slavic: str = ""
    spelling: str = ""
    # False for the second and later syllables of one Hangul or Han word.
    starts_word: bool = True


def split_words(text: str, surname: bool) -> list[Word]:
    """Words of a text in Latin letters, lowercase, with the script each came from."""
    # A zero-width non-joiner joins the parts of one Persian word (احمدی‌نژاد).
    cleaned = APOSTROPHES.sub("", text.replace("&", " and ").replace("\u200c", ""))
    if cleaned.isascii():  # most listed names: a regular expression is much faster
        raw_words = _ASCII_SEPARATORS.split(cleaned)
    else:
        raw_words = "".join(
            ch if unicodedata.category(ch)[0] in "LMN" else " " for ch in cleaned
        ).split()
    words: list[Word] = []
    for raw in raw_words:
        if not raw:
            continue
        script = "Latin" if raw.isascii() else detect_script(raw)
        if script in SYLLABLE_SCRIPTS:
            # One Han character or Hangul block is one syllable; lists romanise them as
            # separate words ("Kim Jong Un"), so keep them apart.
            latin = " ".join(
                korean_syllable(to_latin(ch).lower()) if script == "Hangul" else to_latin(ch)
                for ch in raw
            )
        else:
            latin = APOSTROPHES.sub("", to_latin(raw, script))
        # Glued parts written in camel case ("SiemensAG", "PolPot"), and the syllables
        # anyascii returns capitalised for Han and Hangul ("XiJinPing").
        if script != "Latin" or not (raw.isupper() or raw.islower()):
            latin = _CAMEL.sub(" ", latin)
        arabic_article = script == "Arabic" and raw.startswith("ال") and len(raw) > 3
        if script in ("Latin", "Cyrillic"):
            slavic = _slavic_reading(raw) if not raw.isascii() else ""
        else:
            slavic = APOSTROPHES.sub("", second_reading(raw, script))
        if slavic:
            parts = _NON_ALNUM.split(latin.lower())
            readings = _NON_ALNUM.split(slavic)
            if len(parts) == len(readings):
                spelling = _spelling(raw, script) if len(parts) == 1 else ""
                words.extend(
                    Word(p, script, surname, r if r != p else "", spelling)
                    for p, r in zip(parts, readings, strict=True)
                    if p
                )
                continue
        parts = [p for p in _NON_ALNUM.split(latin.lower()) if p]
        spelling = _spelling(raw, script) if len(parts) == 1 else ""
        for index, part in enumerate(parts):
            if arabic_article and part.startswith("l"):
                words.append(Word("al", script, surname))
                part = part[1:]
                arabic_article = False
            words.append(Word(part, script, surname, spelling=spelling, starts_word=not index))
    return words


def _spelling(raw: str, script: str) -> str:
    """The word as written, kept for cross-alphabet comparison (see Token.spelling)."""
    if script not in ("Latin", "Cyrillic") or raw.isascii():
        return ""
    return "".join(ch for ch in raw.lower() if ch.isalpha())


def _slavic_reading(raw: str) -> str:
    """ASCII reading of a word with accented Slavic letters, or "" if it has none."""
    lower = raw.lower()
    if not any(ch in SLAVIC_LETTERS for ch in lower):
        return ""
    return to_latin("".join(SLAVIC_LETTERS.get(ch, ch) for ch in lower)).lower()
