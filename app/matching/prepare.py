"""Normalisation of a name into tokens: the single normaliser for index and query.

Steps, in order: Unicode NFKC; OFAC's ``SURNAME, Given`` order; per word conversion to
Latin letters (anyascii) with camel-case splitting of glued parts; case folding and
punctuation; honorifics and titles dropped; legal forms peeled off the ends of entity
names; number words read as digits; initials and acronyms; a role for every token.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import NamedTuple

from app.matching.folding import consonant_skeleton, fold_token, korean_syllable
from app.matching.lexicon import (
    GLUED_LEGAL_PREFIXES,
    HONORIFICS,
    LEGAL_FORMS,
    LONGEST_PHRASE,
    NUMBER_WORDS,
    PARTICLES,
    PHRASE_FIRST_WORDS,
    SLAVIC_LETTERS,
)
from app.matching.scripts import (
    CONSONANTAL_SCRIPTS,
    SURNAME_FIRST_SCRIPTS,
    detect_script,
    to_latin,
)

# Alphabets whose words reach the matcher as a transliteration. Katakana writes a
# foreign name with a vowel after every consonant (キム kimu for Kim), which the sound
# comparison of transliterated tokens tolerates.
TRANSLITERATED_SCRIPTS = frozenset({"Cyrillic", "Greek", "Armenian", "Georgian", "Kana"})

ENTITY_KINDS = frozenset({"entity", "vessel", "aircraft"})
SYLLABLE_SCRIPTS = frozenset({"Han", "Hangul"})

NAME = "name"
PARTICLE = "particle"
INITIAL = "initial"
NUMBER = "number"

_APOSTROPHES = re.compile(r"['’‘`ʼʻ´]")
# A capital after a lowercase word of three letters or more: "SiemensAG", "PolPot", but
# not prefixes such as "McIver", "LaMonica", "DiCaprio".
_CAMEL = re.compile(r"(?<=[A-Za-z][a-z]{2})(?=[A-Z])")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ASCII_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")
_ROMAN = re.compile(r"^(?=[ivx]{2,5}$)x{0,3}(ix|iv|v?i{0,3})$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}
_VOWELS = frozenset("aeiouy")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a prepared name."""

    text: str  # lowercase ASCII, as shown in explanations
    folded: str  # romanisation-folded key (see folding.fold_token)
    skeleton: str  # consonants only
    role: str  # NAME, PARTICLE, INITIAL or NUMBER
    surname: bool = False
    consonantal: bool = False  # written in a script without vowels (Arabic, Hebrew)
    syllabic: bool = False  # one Han character or Hangul block
    slavic: str = ""  # reading of accented Slavic letters ("vuchich" for "Vučić")
    # The word as written, lowercase, when that is not plain ASCII (Cyrillic, or Latin
    # with diacritics): what cross-alphabet comparison reads ("хайланд", "majchrzak").
    spelling: str = ""
    key: str = field(default="", compare=False)  # identity for similarity caching
    # Written in another alphabet (Cyrillic, Greek ...) and converted to Latin letters:
    # its vowels and sibilants are one reading among several.
    transliterated: bool = False

    def __post_init__(self) -> None:
        kind = (
            f"{self.role[0]}{int(self.consonantal)}{int(self.syllabic)}{int(self.transliterated)}"
        )
        object.__setattr__(self, "key", f"{kind}{self.text}|{self.slavic}|{self.spelling}")


class Span(NamedTuple):
    """Tokens ``start`` to ``end`` (exclusive) of a name, read as one ``token``.

    A single token spans one position; a join of adjacent tokens ("pol" + "pot") spans
    two or three and carries the glued token.
    """

    start: int
    end: int
    token: Token

    @property
    def single(self) -> bool:
        return self.end - self.start == 1


@dataclass(frozen=True)
class PreparedName:
    """A name normalised once, ready for keys and scoring."""

    original: str
    kind: str | None
    script: str
    tokens: tuple[Token, ...]
    legal_forms: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    # True when the surname is known from "SURNAME, Given", not guessed from position.
    surname_stated: bool = False

    @cached_property
    def singles(self) -> tuple[Span, ...]:
        """Each token as a span of one, like the joins."""
        return tuple(Span(i, i + 1, t) for i, t in enumerate(self.tokens))

    @cached_property
    def joins(self) -> tuple[Span, ...]:
        """Adjacent tokens glued together, as spans: for glued and split spellings.

        Computed on first use: most candidates pair all their tokens singly.
        """
        return _joins(list(self.tokens))

    @property
    def normalised(self) -> str:
        return " ".join(t.text for t in self.tokens)


@dataclass(slots=True)
class _Word:
    text: str
    script: str
    surname: bool = False
    slavic: str = ""
    spelling: str = ""


def _split_words(text: str, surname: bool) -> list[_Word]:
    """Words of a text in Latin letters, lowercase, with the script each came from."""
    # A zero-width non-joiner joins the parts of one Persian word (احمدی‌نژاد).
    cleaned = _APOSTROPHES.sub("", text.replace("&", " and ").replace("\u200c", ""))
    if cleaned.isascii():  # most listed names: a regular expression is much faster
        raw_words = _ASCII_SEPARATORS.split(cleaned)
    else:
        raw_words = "".join(
            ch if unicodedata.category(ch)[0] in "LMN" else " " for ch in cleaned
        ).split()
    words: list[_Word] = []
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
            latin = _APOSTROPHES.sub("", to_latin(raw))
        # Glued parts written in camel case ("SiemensAG", "PolPot"), and the syllables
        # anyascii returns capitalised for Han and Hangul ("XiJinPing").
        if script != "Latin" or not (raw.isupper() or raw.islower()):
            latin = _CAMEL.sub(" ", latin)
        arabic_article = script == "Arabic" and raw.startswith("ال") and len(raw) > 3
        slavic = (
            _slavic_reading(raw) if script in ("Latin", "Cyrillic") and not raw.isascii() else ""
        )
        if slavic:
            parts = _NON_ALNUM.split(latin.lower())
            readings = _NON_ALNUM.split(slavic)
            if len(parts) == len(readings):
                spelling = _spelling(raw, script) if len(parts) == 1 else ""
                words.extend(
                    _Word(p, script, surname, r if r != p else "", spelling)
                    for p, r in zip(parts, readings, strict=True)
                    if p
                )
                continue
        parts = [p for p in _NON_ALNUM.split(latin.lower()) if p]
        spelling = _spelling(raw, script) if len(parts) == 1 else ""
        for part in parts:
            if arabic_article and part.startswith("l"):
                words.append(_Word("al", script, surname))
                part = part[1:]
                arabic_article = False
            words.append(_Word(part, script, surname, spelling=spelling))
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


def _is_phrase_of(words: list[_Word], start: int, table: object) -> int:
    """Length of the longest phrase from ``table`` starting at ``start`` (0 if none)."""
    if words[start].text not in PHRASE_FIRST_WORDS:
        return 0
    for size in range(min(LONGEST_PHRASE, len(words) - start), 0, -1):
        if tuple(w.text for w in words[start : start + size]) in table:  # type: ignore[operator]
            return size
    return 0


def _ordered_words(text: str, kind: str | None) -> list[_Word]:
    """Words in natural order; ``SURNAME, Given`` is turned round and its surname marked."""
    head, comma, tail = text.partition(",")
    if not comma or "," in tail or kind in ENTITY_KINDS:
        return _split_words(text, surname=False)
    head_words = _split_words(head, surname=True)
    tail_words = _split_words(tail, surname=False)
    tail_texts = [w.text for w in tail_words]
    tail_is_suffix = (
        not tail_words
        or all((t,) in HONORIFICS or (t,) in LEGAL_FORMS for t in tail_texts)
        or tuple(tail_texts) in LEGAL_FORMS
    )
    if tail_is_suffix or not head_words:
        for w in head_words:
            w.surname = False
        return head_words + tail_words
    return tail_words + head_words


def _drop_honorifics(words: list[_Word], dropped: list[str]) -> list[_Word]:
    kept: list[_Word] = []
    i = 0
    while i < len(words):
        size = _is_phrase_of(words, i, HONORIFICS)
        if size and len(words) - size > 0:
            dropped.append(" ".join(w.text for w in words[i : i + size]))
            i += size
        else:
            kept.append(words[i])
            i += 1
    return kept if kept else words


def _peel_legal_forms(words: list[_Word], found: list[str]) -> list[_Word]:
    """Remove legal forms at the start and end of the name, never leaving it empty."""
    changed = True
    while changed and len(words) > 1:
        changed = False
        size = _is_phrase_of(words, 0, LEGAL_FORMS)
        if size and size < len(words):
            found.append(LEGAL_FORMS[tuple(w.text for w in words[:size])])
            words = words[size:]
            changed = True
        for size in range(min(LONGEST_PHRASE, len(words) - 1), 0, -1):
            phrase = tuple(w.text for w in words[-size:])
            if phrase in LEGAL_FORMS:
                found.append(LEGAL_FORMS[phrase])
                words = words[:-size]
                changed = True
                break
    return words


def _unglue_legal_prefix(words: list[_Word]) -> list[_Word]:
    """Split a legal form glued to the first word ("jscargument" -> "jsc argument")."""
    first = words[0].text
    for prefix in GLUED_LEGAL_PREFIXES:
        if first.startswith(prefix) and len(first) - len(prefix) >= 4:
            rest = _Word(first[len(prefix) :], words[0].script, words[0].surname)
            return [_Word(prefix, words[0].script), rest, *words[1:]]
    return words


def _roman_value(text: str) -> int | None:
    if not _ROMAN.match(text):
        return None
    values = [_ROMAN_VALUES[c] for c in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _read_numbers(words: list[_Word], entity: bool) -> list[_Word]:
    """Number words and (for entities) roman numerals as digits; "forty 4" -> "44"."""
    out: list[_Word] = []
    for word in words:
        value = NUMBER_WORDS.get(word.text)
        if value is None and entity:
            value = _roman_value(word.text)
        if value is None:
            out.append(word)
            continue
        previous = out[-1].text if out else ""
        if previous.isdigit() and int(previous) % 10 == 0 and int(previous) >= 20 and value < 10:
            out[-1] = _Word(str(int(previous) + value), word.script, word.surname)
        else:
            out.append(_Word(str(value), word.script, word.surname))
    # A tens word followed by a digit token ("forty 4").
    merged: list[_Word] = []
    for word in out:
        prev = merged[-1].text if merged else ""
        if (
            word.text.isdigit()
            and len(word.text) == 1
            and prev.isdigit()
            and int(prev) >= 20
            and int(prev) % 10 == 0
        ):
            merged[-1] = _Word(str(int(prev) + int(word.text)), word.script, word.surname)
        else:
            merged.append(word)
    return merged


def _join_acronyms(words: list[_Word]) -> list[_Word]:
    """Runs of single letters in entity names are one acronym ("a b c" -> "abc")."""
    out: list[_Word] = []
    in_run = False
    for word in words:
        single = len(word.text) == 1 and word.text.isalpha()
        if single and in_run:
            out[-1] = _Word(out[-1].text + word.text, word.script, word.surname)
            continue
        in_run = single
        out.append(word)
    return out


def _split_initials(words: list[_Word]) -> list[_Word]:
    """In personal names, two consonants are two initials ("JC Juncker")."""
    out: list[_Word] = []
    for word in words:
        t = word.text
        if len(t) == 2 and t.isalpha() and not (set(t) & _VOWELS) and word.script == "Latin":
            out.extend(_Word(c, word.script, word.surname) for c in t)
        else:
            out.append(word)
    return out


def _make_token(word: _Word, kind: str | None) -> Token:
    return _token(
        word.text,
        kind in ENTITY_KINDS,
        word.surname,
        word.script in CONSONANTAL_SCRIPTS,
        word.script in SYLLABLE_SCRIPTS,
        word.slavic,
        word.script in TRANSLITERATED_SCRIPTS,
        word.spelling,
    )


@lru_cache(maxsize=200_000)
def _token(
    text: str,
    entity: bool,
    surname: bool,
    consonantal: bool,
    syllabic: bool,
    slavic: str,
    transliterated: bool = False,
    spelling: str = "",
) -> Token:
    """A token (immutable, so shared between names: most names reuse common words)."""
    if text.isdigit():
        role = NUMBER
    elif text in PARTICLES and (len(text) > 1 or entity):
        role = PARTICLE
    elif len(text) == 1 and not syllabic:
        role = PARTICLE if entity else INITIAL
    else:
        role = NAME
    folded = text if consonantal else fold_token(text)
    return Token(
        text,
        folded,
        consonant_skeleton(text),
        role,
        surname,
        consonantal,
        syllabic,
        slavic,
        spelling=spelling,
        transliterated=transliterated,
    )


def _mark_surname(tokens: list[Token], script: str) -> list[Token]:
    """Without a comma, guess the surname: last name token, or first in East Asian order."""
    if any(t.surname for t in tokens):
        return tokens
    indexes = [i for i, t in enumerate(tokens) if t.role == NAME]
    if len(indexes) < 2:
        return tokens
    i = indexes[0] if script in SURNAME_FIRST_SCRIPTS else indexes[-1]
    tokens[i] = replace(tokens[i], surname=True)
    return tokens


MAX_JOIN = 3


def joined_token(tokens: tuple[Token, ...] | list[Token]) -> Token:
    """Adjacent tokens glued into one ("pol" + "pot" -> "polpot")."""
    text = "".join(t.text for t in tokens)
    consonantal = any(t.consonantal for t in tokens)
    transliterated = any(t.transliterated for t in tokens)
    spelled = any(t.spelling for t in tokens) and all(
        t.spelling or not t.transliterated for t in tokens
    )
    return Token(
        text,
        text if consonantal else fold_token(text),
        consonant_skeleton(text),
        NAME,
        any(t.surname for t in tokens),
        consonantal,
        spelling="".join(t.spelling or t.text for t in tokens) if spelled else "",
        transliterated=transliterated,
    )


def _joins(tokens: list[Token]) -> tuple[Span, ...]:
    joins = []
    for size in range(2, MAX_JOIN + 1):
        for i in range(len(tokens) - size + 1):
            part = tokens[i : i + size]
            if all(t.role in (NAME, PARTICLE) for t in part):
                joins.append(Span(i, i + size, joined_token(part)))
    return tuple(joins)


@lru_cache(maxsize=100_000)
def prepare_name(text: str, kind: str | None = None) -> PreparedName:
    """Normalise a name for keys and scoring. ``kind``: individual, entity, vessel, aircraft."""
    text = unicodedata.normalize("NFKC", text).strip()
    script = detect_script(text)
    entity = kind in ENTITY_KINDS
    words = _ordered_words(text, kind)
    dropped: list[str] = []
    legal: list[str] = []
    if not entity:
        words = _drop_honorifics(words, dropped)
    if words and kind != "individual":
        words = _unglue_legal_prefix(words)
    if words:
        words = _peel_legal_forms(words, legal)
    words = _read_numbers(words, entity)
    words = _join_acronyms(words) if entity else _split_initials(words)
    tokens = [_make_token(w, kind) for w in words]
    if (
        kind != "entity"
        and len(tokens) > 1
        and tokens[0].role == PARTICLE
        and not tokens[0].consonantal  # the Arabic article al- written in Arabic script
    ):
        # A personal name does not start with a particle: "Ben Netanyahu", "Al Gore".
        first = tokens[0]
        tokens[0] = replace(first, role=NAME, consonantal=False, syllabic=False, slavic="")
    stated = any(t.surname for t in tokens)
    if kind in (None, "individual"):
        tokens = _mark_surname(tokens, script)
    return PreparedName(
        text,
        kind,
        script,
        tuple(tokens),
        tuple(legal),
        tuple(dropped),
        surname_stated=stated,
    )
