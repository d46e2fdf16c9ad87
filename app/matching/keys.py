"""Index keys for candidate retrieval, built by the same normaliser for names and queries.

Retrieval counts, for each listed name, how many of the query's keys it shares, and
scores the top K. Keys are chosen so that every variant the scorer accepts shares
several keys with the listed name, while no key is as common as a letter bigram:

* ``t:`` the romanisation-folded token: other romanisations, Cyrillic and other scripts;
* ``c:`` the consonant skeleton: vowel changes, Arabic and Hebrew script;
* ``k:`` the sound classes (``folding.sound_skeleton``): a name written in Cyrillic or
  Greek meets its Latin spelling (Уидон / Whedon);
* ``r:`` the consonants of each way Russian would write a Latin token
  (``cyrillic_spellings``), and of a Cyrillic token as written: Хайланд / Highland;
* ``q:`` consonant classes as Arabic script writes them (``arabic.arabic_classes``), of a
  listed Latin token and of an Arabic-script token: مانرهايم / Mannerheim;
* ``l:`` loose sound classes (``folding.loose_sound_readings``), of a listed Latin token
  and of a query's foreign name written in kana, Hangul or Chinese characters, each
  written word read whole: 블라디미르 / 弗拉基米尔 / Vladimir;
* ``p:``/``s:`` prefix and suffix of the folded token: a typo leaves one of them intact;
* ``a:`` the folded token's letters sorted: swapped letters;
* ``t:`` of two adjacent tokens glued: joined and split spellings ("Pol Pot" / "PolPot");
* ``i:`` initial of one part with the first or last name part: "A. Kuznetsov";
* ``w:`` all folded name parts, sorted: a bonus for the same name in any order.

A listed name of three parts gets about 20 keys, of five parts about 30.
"""

from __future__ import annotations

import hashlib

from app.matching.arabic import arabic_classes
from app.matching.cyrillic_spellings import cyrillic_skeleton, cyrillic_spellings, fold_cyrillic
from app.matching.folding import (
    fold_token,
    loose_sound_readings,
    rendered_readings,
    sound_skeleton,
)
from app.matching.prepare import (
    INITIAL,
    NAME,
    PARTICLE,
    PreparedName,
    Token,
    prepare_name,
)

# Key kinds from most to least useful, for trimming the keys of very long names.
KEY_PRIORITY = ("w:", "t:", "c:", "k:", "r:", "q:", "l:", "i:", "a:", "p:", "s:")
MAX_KEYS_PER_NAME = 40
# Keys are truncated to fit a fixed database column; truncation is the same for names
# and queries, so it only merges very long whole-name keys.
MAX_KEY_LENGTH = 100
# Affix keys need tokens long enough that three or four letters are selective.
AFFIX_MIN_LENGTH = 5
# Swapped letters ("Afiz" / "Faiz") keep the same letters: the sorted letters of a
# token are a key from this length on.
ANAGRAM_MIN_LENGTH = 4
# Two-consonant skeletons ("mr", "bd") are shared by too many names to be useful.
SKELETON_MIN_LENGTH = 3
# Russian spellings keep fewer consonants (silent letters dropped), so two will do; the
# search skips keys that hit too many names.
RUSSIAN_SKELETON_MIN_LENGTH = 2
# The first spellings (Russian, English, French, German conventions) give nearly all the
# reach: four keys find 94.5% of the dev set's Latin/Cyrillic token pairs, all of them
# 94.7%.
RUSSIAN_KEYS_PER_TOKEN = 4
# Arabic-script consonant classes: three classes are selective enough as they are, one
# or two only with the long vowels Arabic writes ("rwry" for Rory / روري). A listed
# Latin token gets its first reading (g as jim), an Arabic-script token two (jim as g
# and as k), so the listing pays one key per token.
ARABIC_CLASSES_MIN_LENGTH = 3
ARABIC_KEYS_PER_TOKEN = {False: 1, True: 2}
# Loose sound classes (as the scorer's LOOSE_SOUND_MIN_LENGTH): three or more. A listed
# token gets one or two keys (with kh read as h); a query word in kana, Hangul or Chinese
# characters up to this many of its readings (its ambiguous letters' alternatives).
LOOSE_KEY_MIN_LENGTH = 3
LOOSE_KEYS_PER_QUERY_WORD = 8


def _affix_keys(folded: str) -> set[str]:
    n = len(folded)
    if n < AFFIX_MIN_LENGTH:
        return set()
    size = 3 if n == AFFIX_MIN_LENGTH else 4
    return {"p:" + folded[:size], "s:" + folded[-size:]}


def _token_keys(token: Token, query: bool) -> set[str]:
    keys: set[str] = set()
    if len(token.skeleton) >= SKELETON_MIN_LENGTH:
        keys.add("c:" + token.skeleton)
    keys |= _arabic_keys(token, query)
    if token.consonantal:
        return keys
    sounds = sound_skeleton(token.text)
    if len(sounds) >= SKELETON_MIN_LENGTH:
        keys.add("k:" + sounds)
    keys.add("t:" + token.folded)
    if len(token.folded) >= ANAGRAM_MIN_LENGTH:
        keys.add("a:" + "".join(sorted(token.folded)))
    if token.slavic:
        keys.add("t:" + fold_token(token.slavic))
    if query:
        # Other languages' spellings (Poetin, Putinas, Szergej) meet the listing's t: key.
        keys |= {"t:" + r for r in rendered_readings(token.slavic or token.text)}
    keys |= _affix_keys(token.folded)
    keys |= _russian_spelling_keys(token, query)
    return keys


def _arabic_keys(token: Token, query: bool) -> set[str]:
    """``q:`` keys: a listed Latin token meets an Arabic-script query token (and back).

    A Latin query token gets none, as with ``r:``: it finds Latin listings otherwise.
    """
    if not token.consonantal and (query or token.transliterated or not token.text.isalpha()):
        return set()
    text = token.text if token.consonantal else token.slavic or token.text
    readings = arabic_classes(text)
    if token.consonantal and token.slavic:  # a second reading (Hebrew bet as b)
        readings = tuple(dict.fromkeys(readings[:1] + arabic_classes(token.slavic)))
    keys = set()
    for classes in readings[: ARABIC_KEYS_PER_TOKEN[token.consonantal]]:
        if len(classes) >= ARABIC_CLASSES_MIN_LENGTH:
            keys.add("q:" + classes.lower())
    if not keys:
        keys |= {"q:" + v.lower() for v in arabic_classes(text, vowels=True)[:1] if len(v) >= 3}
    return keys


def _loose_keys(prepared: PreparedName, query: bool) -> set[str]:
    """``l:`` keys: a listed Latin token meets a foreign name in a syllable script.

    A query's Hangul or Han word is one token a syllable; it is keyed as the whole word
    (the longest join within it), a kana word as its token. Latin and Cyrillic query
    tokens get none, as with ``r:`` and ``q:``.
    """
    tokens = prepared.tokens
    if not query:
        return {
            "l:" + r
            for t in tokens
            if t.role == NAME and not t.transliterated and not t.syllabic and t.text.isalpha()
            for r in loose_sound_readings(t.text, False)
            if len(r) >= LOOSE_KEY_MIN_LENGTH
        }
    words: list[Token] = [
        t for t in tokens if t.role == NAME and t.transliterated and not t.spelling
    ]
    if any(t.syllabic for t in tokens):
        spans = [s for s in prepared.joins if tokens[s.start].syllabic]
        words += [
            s.token
            for s in spans
            if not any(o.start <= s.start and s.end <= o.end and o != s for o in spans)
        ]
    keys: set[str] = set()
    for word in words:
        readings = sorted(
            r
            for r in loose_sound_readings(word.text, word.syllable_join)
            if len(r) >= LOOSE_KEY_MIN_LENGTH
        )
        keys |= {"l:" + r for r in readings[:LOOSE_KEYS_PER_QUERY_WORD]}
    return keys


def _russian_spelling_keys(token: Token, query: bool) -> set[str]:
    """``r:`` keys: a listed Latin token's Russian spellings meet a Cyrillic query token.

    A Latin query token gets none: it finds Latin listings through the other keys, and
    its spellings' short skeletons would only add postings to read.
    """
    if token.transliterated:
        spellings: tuple[str, ...] = (fold_cyrillic(token.spelling),) if token.spelling else ()
    elif query or token.syllabic or not token.text.isalpha():
        return set()
    else:
        spellings = cyrillic_spellings(token.spelling or token.text)
    skeletons = list(dict.fromkeys(_russian_skeleton(s) for s in spellings))
    return {
        "r:" + s
        for s in skeletons[:RUSSIAN_KEYS_PER_TOKEN]
        if len(s) >= RUSSIAN_SKELETON_MIN_LENGTH
    }


def _russian_skeleton(spelling: str) -> str:
    """Consonant classes, or with the vowels marked when one consonant is all there is."""
    consonants = cyrillic_skeleton(spelling)
    if len(consonants) >= RUSSIAN_SKELETON_MIN_LENGTH:
        return consonants
    return cyrillic_skeleton(spelling, vowels=True)


def name_keys(prepared: PreparedName, query: bool = False) -> set[str]:
    """Keys for the index, or with ``query`` for a search (the same but for ``r:``)."""
    tokens = prepared.tokens
    names = [t for t in tokens if t.role == NAME]
    keys: set[str] = set()
    for token in names:
        keys |= _token_keys(token, query)
    for a, b in zip(tokens, tokens[1:], strict=False):
        if a.role in (NAME, PARTICLE) and b.role in (NAME, PARTICLE) and not a.consonantal:
            keys.add("t:" + fold_token(a.text + b.text))
    ends = {id(t): t for t in (names[:1] + names[-1:])}
    for end in ends.values():
        for other in tokens:
            if other is not end and other.role in (NAME, INITIAL) and not end.consonantal:
                keys.add(f"i:{other.text[0]}|{end.folded}")
    keys |= _loose_keys(prepared, query)
    if names:
        keys.add("w:" + " ".join(sorted(t.folded for t in names)))
    if not keys:
        # Names made only of numbers, initials or particles ("N.N.", "44").
        keys.add("w:" + prepared.normalised)
    keys = {k[:MAX_KEY_LENGTH] for k in keys}
    if len(keys) > MAX_KEYS_PER_NAME:
        # Very long names (aliases of a dozen words): keep the most selective kinds.
        keys = set(sorted(keys, key=lambda k: (KEY_PRIORITY.index(k[:2]), k))[:MAX_KEYS_PER_NAME])
    return keys


def query_keys(text: str, kind: str | None = None) -> set[str]:
    """Keys for a search. Without a kind, the union of the person and entity readings."""
    if kind is not None:
        return name_keys(prepare_name(text, kind), query=True)
    person = name_keys(prepare_name(text, "individual"), query=True)
    return person | name_keys(prepare_name(text, "entity"), query=True)


# Names in every script and kind the keys treat differently; their keys stand for the
# key functions and data files as a whole (see keys_fingerprint).
_FINGERPRINT_PROBES = (
    ("KUZNETSOV, Artem Dmitrievich", "individual"),
    ("Кузнецов Артём", "individual"),
    ("Хайланд", "individual"),
    ("HIGHLAND, John", "individual"),
    ("Vučić Aleksandar", "individual"),
    ("محمد بن سلمان", "individual"),
    ("AL-ZAWAHIRI, Dr. Ayman", "individual"),
    ("Kim Jong Un", "individual"),
    ("김정은", "individual"),
    ("习近平", "individual"),
    ("Σεργκέι Λαβρόφ", "individual"),
    ("A. Kuznetsov", "individual"),
    ("OOO Baikal LLC", "entity"),
    ("Bank Sepah", "entity"),
    ("JSCARGUMENT", "entity"),
    ("VICTOR KONETSKY", "vessel"),
)


def keys_fingerprint() -> str:
    """A short digest of the keys of a fixed set of names: it changes when keys do.

    The stored index is only valid for the keys it was built with; comparing this with
    the fingerprint recorded at the last rebuild tells a stale index from a current one.
    """
    digest = hashlib.sha256()
    for text, kind in _FINGERPRINT_PROBES:
        digest.update(f"{text}|{kind}|{sorted(name_keys(prepare_name(text, kind)))}".encode())
    return digest.hexdigest()[:16]
