"""Normalisation of a name into tokens: the single normaliser for index and query.

Steps, in order: Unicode NFKC; OFAC's ``SURNAME, Given`` order; per word conversion to
Latin letters (``words.py``) with camel-case splitting of glued parts; case folding and
punctuation; honorifics and titles dropped; legal forms peeled off the ends of entity
names; number words read as digits; initials and acronyms; a role for every token.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import NamedTuple

from app.matching.folding import consonant_skeleton, fold_token
from app.matching.lexicon import (
    GLUED_LEGAL_PREFIXES,
    HONORIFICS,
    LEGAL_FORMS,
    LONGEST_PHRASE,
    NUMBER_WORDS,
    PARTICLES,
    PHRASE_FIRST_WORDS,
)
from app.matching.scripts import CONSONANTAL_SCRIPTS, SURNAME_FIRST_SCRIPTS, detect_script
from app.matching.words import SYLLABLE_SCRIPTS, Word, split_words

# Alphabets whose words reach the matcher as a transliteration. Katakana writes a
# foreign name with a vowel after every consonant (キム kimu for Kim), which the sound
# comparison of transliterated tokens tolerates.
TRANSLITERATED_SCRIPTS = frozenset({"Cyrillic", "Greek", "Armenian", "Georgian", "Kana"})

ENTITY_KINDS = frozenset({"entity", "vessel", "aircraft"})

NAME = "name"
PARTICLE = "particle"
INITIAL = "initial"
NUMBER = "number"

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
    # Hangul or Han syllables joined into one foreign word (블라디미르, 弗拉基米尔): read with
    # the loose sound alternatives of a syllable script (folding.loose_sound_readings).
    syllable_join: bool = False

    def __post_init__(self) -> None:
        kind = (
            f"{self.role[0]}{int(self.consonantal)}{int(self.syllabic)}{int(self.transliterated)}"
            f"{int(self.syllable_join)}"
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
    # Tokens that start a written word: the syllables of one Hangul or Han word are
    # joined as one foreign name (블라디미르), never across words.
    word_starts: frozenset[int] = frozenset()

    @cached_property
    def singles(self) -> tuple[Span, ...]:
        """Each token as a span of one, like the joins."""
        return tuple(Span(i, i + 1, t) for i, t in enumerate(self.tokens))

    @cached_property
    def joins(self) -> tuple[Span, ...]:
        """Adjacent tokens glued together, as spans: for glued and split spellings.

        Computed on first use: most candidates pair all their tokens singly.
        """
        return _joins(list(self.tokens), self.word_starts)

    @property
    def normalised(self) -> str:
        return " ".join(t.text for t in self.tokens)


def _is_phrase_of(words: list[Word], start: int, table: object) -> int:
    """Length of the longest phrase from ``table`` starting at ``start`` (0 if none)."""
    if words[start].text not in PHRASE_FIRST_WORDS or words[start].script in SYLLABLE_SCRIPTS:
        return 0  # a Hangul or Han syllable read "gen" or "de" is no title or article
    for size in range(min(LONGEST_PHRASE, len(words) - start), 0, -1):
        if tuple(w.text for w in words[start : start + size]) in table:  # type: ignore[operator]
            return size
    return 0


def _ordered_words(text: str, kind: str | None) -> list[Word]:
    """Words in natural order; ``SURNAME, Given`` is turned round and its surname marked."""
    head, comma, tail = text.partition(",")
    if not comma or "," in tail or kind in ENTITY_KINDS:
        return split_words(text, surname=False)
    head_words = split_words(head, surname=True)
    tail_words = split_words(tail, surname=False)
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


def _drop_honorifics(words: list[Word], dropped: list[str]) -> list[Word]:
    kept: list[Word] = []
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


def _peel_legal_forms(words: list[Word], found: list[str]) -> list[Word]:
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


def _unglue_legal_prefix(words: list[Word]) -> list[Word]:
    """Split a legal form glued to the first word ("jscargument" -> "jsc argument")."""
    first = words[0].text
    for prefix in GLUED_LEGAL_PREFIXES:
        if first.startswith(prefix) and len(first) - len(prefix) >= 4:
            rest = Word(first[len(prefix) :], words[0].script, words[0].surname)
            return [Word(prefix, words[0].script), rest, *words[1:]]
    return words


def _roman_value(text: str) -> int | None:
    if not _ROMAN.match(text):
        return None
    values = [_ROMAN_VALUES[c] for c in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _read_numbers(words: list[Word], entity: bool) -> list[Word]:
    """Number words and (for entities) roman numerals as digits; "forty 4" -> "44"."""
    out: list[Word] = []
    for word in words:
        value = NUMBER_WORDS.get(word.text)
        if value is None and entity:
            value = _roman_value(word.text)
        if value is None:
            out.append(word)
            continue
        previous = out[-1].text if out else ""
        if previous.isdigit() and int(previous) % 10 == 0 and int(previous) >= 20 and value < 10:
            out[-1] = Word(str(int(previous) + value), word.script, word.surname)
        else:
            out.append(Word(str(value), word.script, word.surname))
    # A tens word followed by a digit token ("forty 4").
    merged: list[Word] = []
    for word in out:
        prev = merged[-1].text if merged else ""
        if (
            word.text.isdigit()
            and len(word.text) == 1
            and prev.isdigit()
            and int(prev) >= 20
            and int(prev) % 10 == 0
        ):
            merged[-1] = Word(str(int(prev) + int(word.text)), word.script, word.surname)
        else:
            merged.append(word)
    return merged


def _join_acronyms(words: list[Word]) -> list[Word]:
    """Runs of single letters in entity names are one acronym ("a b c" -> "abc")."""
    out: list[Word] = []
    in_run = False
    for word in words:
        single = len(word.text) == 1 and word.text.isalpha()
        if single and in_run:
            out[-1] = Word(out[-1].text + word.text, word.script, word.surname)
            continue
        in_run = single
        out.append(word)
    return out


def _split_initials(words: list[Word]) -> list[Word]:
    """In personal names, two consonants are two initials ("JC Juncker")."""
    out: list[Word] = []
    for word in words:
        t = word.text
        if len(t) == 2 and t.isalpha() and not (set(t) & _VOWELS) and word.script == "Latin":
            out.extend(Word(c, word.script, word.surname) for c in t)
        else:
            out.append(word)
    return out


def _make_token(word: Word, kind: str | None) -> Token:
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
    elif text in PARTICLES and (len(text) > 1 or entity) and not syllabic:
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
# A foreign name in Hangul or Chinese characters is one syllable a token: "블라디미르"
# (Vladimir) is five.
MAX_SYLLABLE_JOIN = 5


def joined_token(tokens: tuple[Token, ...] | list[Token]) -> Token:
    """Adjacent tokens glued into one ("pol" + "pot" -> "polpot")."""
    text = "".join(t.text for t in tokens)
    consonantal = any(t.consonantal for t in tokens)
    # Syllables joined are one foreign word read syllable by syllable (블라디미르).
    transliterated = any(t.transliterated or t.syllabic for t in tokens)
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
        syllable_join=all(t.syllabic for t in tokens),
    )


def _joins(tokens: list[Token], word_starts: frozenset[int] = frozenset()) -> tuple[Span, ...]:
    joins = []
    syllabic = any(t.syllabic for t in tokens)
    longest = MAX_SYLLABLE_JOIN if syllabic else MAX_JOIN
    for size in range(2, longest + 1):
        for i in range(len(tokens) - size + 1):
            part = tokens[i : i + size]
            if size > MAX_JOIN and not all(t.syllabic for t in part):
                continue
            if (
                syllabic
                and all(t.syllabic for t in part)
                and word_starts.intersection(range(i + 1, i + size))
            ):
                continue  # syllables of two written words
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
        word_starts=frozenset(i for i, w in enumerate(words) if w.starts_word),
    )
