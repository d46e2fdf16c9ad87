"""Russian spellings of romanised Chinese and Japanese name tokens.

Russian texts write Chinese names in the Palladius system and Japanese names in the
Polivanov system. Their Cyrillic shares too little with the Latin spelling for letter-by-
letter transliteration to pair them (Jingyuan / Цзинъюань, Shoichi / Сёити, Xiaozheyi /
Сяочжэи), so a Latin listing would never meet a Russian query. Converting the Latin token
into the system's own Cyrillic spelling lets the two be compared as Cyrillic.

* :func:`palladius` reads a pinyin token (``"jingyuan"`` -> ``("цзинъюань", ...)``).
* :func:`polivanov` reads a Hepburn or Kunrei token (``"shoichi"`` -> ``("сёити", ...)``).

Both take one lowercase ASCII token with diacritics already stripped, may return several
readings (most likely first, at most :data:`MAX_READINGS`) because glued syllables and lost
macrons or apostrophes are ambiguous, and return ``()`` unless the whole token cuts into
valid syllables of the system. That strictness is what keeps most European names out,
but short ones made of the same syllables still get a reading (Linda = lin + da, Maria =
ma + ri + a): callers should treat a reading as a second spelling, not as evidence that
the name is Chinese or Japanese.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import product

from app.matching.lexicon import read_lines

MAX_READINGS = 4
# Cap on the ways to cut one token; real names have one to three, and the cap keeps a
# long run of vowels or n's from blowing up.
_MAX_SEGMENTATIONS = 8
# Readings kept per cut while choosing among per-mora variants; above MAX_READINGS so
# that duplicates do not leave fewer than MAX_READINGS distinct ones.
_BEAM_WIDTH = 2 * MAX_READINGS

# Chinese given names are one or two syllables and surnames one or two, so a glued token
# holds at most three (Xiaozheyi); longer cuts are nearly always European or Japanese words
# that happen to be made of pinyin syllables (Lafuente, Kameyama).
_MAX_PINYIN_SYLLABLES = 3

_VOWELS = frozenset("aeiou")
# Cyrillic letters that, after a final -н, need the separator ъ (Чанъань, Цзинъюань).
_CYRILLIC_VOWELS = frozenset("аоэиуяеюё")

# Polivanov pseudo-morae that the table cannot hold because they depend on the neighbours.
_SYLLABIC_N = "n"
_SYLLABIC_M = "m"  # syllabic n written m before b, p, m (Hepburn "shimbun")
_LONG_MARK = "h"  # "oh" for ō (Ohno, Itoh)
_SOKUON = "*"  # small tsu: the next consonant doubled (Hokkaido, matcha)
_DOUBLING = frozenset("kstp")


def _read_table(name: str) -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for line in read_lines(name):
        latin, *readings = line.split()
        table[latin] = tuple(readings)
    return table


_PALLADIUS = _read_table("east_asian/palladius.txt")
_POLIVANOV = _read_table("east_asian/polivanov.txt")
_PALLADIUS_LONGEST = max(map(len, _PALLADIUS))
_POLIVANOV_LONGEST = max(map(len, _POLIVANOV))

# A unit finder returns the units that can start at a position, longest first.
_UnitFinder = Callable[[str, int], list[str]]


def _segmentations(
    token: str, units_at: _UnitFinder, max_units: int | None = None
) -> list[tuple[str, ...]]:
    """Ways (up to the cap) to cut ``token`` into units, at most ``max_units`` if given.

    Cuts with a longer first unit come first.
    """
    memo: dict[tuple[int, int | None], list[tuple[str, ...]]] = {}

    def cut(start: int, budget: int | None) -> list[tuple[str, ...]]:
        if start == len(token):
            return [()]
        if budget == 0:
            return []
        if (start, budget) not in memo:
            found: list[tuple[str, ...]] = []
            for unit in units_at(token, start):
                for rest in cut(start + len(unit), None if budget is None else budget - 1):
                    found.append((unit, *rest))
                    if len(found) == _MAX_SEGMENTATIONS:
                        break
                if len(found) == _MAX_SEGMENTATIONS:
                    break
            memo[start, budget] = found
        return memo[start, budget]

    return cut(0, max_units)


def _table_units(
    table: dict[str, tuple[str, ...]], longest: int, token: str, start: int
) -> list[str]:
    end = min(len(token), start + longest)
    return [token[start:stop] for stop in range(end, start, -1) if token[start:stop] in table]


def _plain(token: str) -> bool:
    return token.isascii() and token.isalpha() and token.islower()


def _best(scored: Sequence[tuple[int, str]]) -> tuple[str, ...]:
    """Distinct readings, lowest penalty first (stable), at most MAX_READINGS."""
    readings: dict[str, None] = {}
    for _, reading in sorted(scored, key=lambda pair: pair[0]):
        readings.setdefault(reading, None)
    return tuple(readings)[:MAX_READINGS]


# --- Chinese: pinyin -> Palladius -------------------------------------------------------


def _pinyin_units(token: str, start: int) -> list[str]:
    return _table_units(_PALLADIUS, _PALLADIUS_LONGEST, token, start)


def _join_palladius(syllables: Sequence[str]) -> str:
    """Glue Palladius syllables, with ъ after -н before a vowel (Цзинъюань, Хунъянь).

    After -нь the soft sign already separates (Тяньаньмэнь), so nothing is added.
    """
    text = ""
    for syllable in syllables:
        if text.endswith("н") and syllable[0] in _CYRILLIC_VOWELS:
            text += "ъ"
        text += syllable
    return text


def _hiatus_count(syllables: Sequence[str]) -> int:
    """Vowel-initial syllables right after a vowel: the unlikelier cut (xi-an rather than xian).

    Pinyin needs an apostrophe there, so a glued token more often holds one syllable
    (jiaxuan is jia-xuan, not ji-a-xu-an). After -n or -ng both cuts are common names
    (jing'an, jin'gan), so those keep the longest-first order.
    """
    return sum(
        1
        for before, syllable in zip(syllables, syllables[1:], strict=False)
        if syllable[0] in _VOWELS and before[-1] in _VOWELS
    )


@lru_cache(maxsize=100_000)
def palladius(token: str) -> tuple[str, ...]:
    """Cyrillic spellings (Palladius system) of a pinyin token, or () if it is not pinyin.

    Syllables may be glued ("chenglong" -> чэнлун) and apostrophes lost, so "xian" gives
    сянь and сиань; the cut with the longer first syllable comes first (jing'an before
    jin'gan). "v" is accepted for ü, and "lu" / "nu" give both лу / ну and люй / нюй.
    Tokens of more than three syllables are not read (see _MAX_PINYIN_SYLLABLES).
    """
    if not _plain(token):
        return ()
    scored: list[tuple[int, str]] = []
    for syllables in _segmentations(token, _pinyin_units, _MAX_PINYIN_SYLLABLES):
        penalty = _hiatus_count(syllables)
        for choice in product(*(_PALLADIUS[syllable] for syllable in syllables)):
            scored.append((penalty, _join_palladius(choice)))
    return _best(scored)


# --- Japanese: Hepburn / Kunrei -> Polivanov --------------------------------------------


def _japanese_units(token: str, start: int) -> list[str]:
    """Morae from the table, plus the context-bound units the table cannot hold."""
    units = _table_units(_POLIVANOV, _POLIVANOV_LONGEST, token, start)
    if start == 0 or token[start - 1] not in _VOWELS:
        return units
    char, following = token[start], token[start + 1 : start + 2]
    if char == "n":
        units.append(_SYLLABIC_N)
    elif char == "m" and following in ("b", "p", "m"):
        units.append(_SYLLABIC_M)
    elif char == "h" and token[start - 1] == "o" and following not in _VOWELS | {"y"}:
        units.append(_LONG_MARK)
    if char in _DOUBLING and (following == char or token[start : start + 3] == "tch"):
        units.append(_SOKUON)
    return units


def _mora_options(morae: Sequence[str], index: int) -> list[tuple[str, int]]:
    """Readings of one unit in context, each with a penalty (0 = the likeliest)."""
    mora = morae[index]
    before = morae[index - 1] if index > 0 else ""
    after = morae[index + 1] if index + 1 < len(morae) else ""
    if mora == _SYLLABIC_N:
        if after[:1] in ("b", "p", "m"):
            return [("м", 0), ("н", 1)]  # Kanbun -> Камбун
        if after in _POLIVANOV and after[0] in _VOWELS | {"y"}:
            return [("нъ", 0), ("н", 1)]  # Shin'ichi -> Синъити
        return [("н", 0)]
    if mora == _SYLLABIC_M:
        return [("м", 0)]
    if mora == _LONG_MARK:
        return [("", 0)]
    if mora == _SOKUON:
        return [(_SOKUON, 0)]  # filled in with the next consonant by _join_polivanov
    reading = _POLIVANOV[mora][0]
    if before not in _POLIVANOV:
        return [(reading, 0)]
    # ASCII spellings of long vowels: Satou / Satō -> Сато, Yuuki -> Юки, Oono -> Оно.
    if (mora == "u" and before[-1] in "ou") or (mora == "o" and before[-1] == "o"):
        return [("", 0), (reading, 1)]
    # i after a vowel is й (Kaito -> Кайто, Seiichi -> Сэйити), but "ichi" mostly starts
    # a new word part (Choichi -> Тёити, Hiroichiro -> Хироитиро).
    if mora == "i" and before[-1] in "aeou":
        if after in ("chi", "ti"):
            return [("и", 0), ("й", 1)]
        return [("й", 0), ("и", 1)]
    return [(reading, 0)]


def _cheapest_choices(
    options: Sequence[Sequence[tuple[str, int]]],
) -> list[tuple[int, list[str]]]:
    """The few cheapest picks of one reading per unit, cheapest first.

    A full product doubles with every ambiguous unit (a run of "oo" or "ei" would take
    seconds); penalties add up unit by unit, so keeping the best few prefixes at each
    step still finds the best few wholes.
    """
    beam: list[tuple[int, list[str]]] = [(0, [])]
    for unit_options in options:
        extended = [
            (cost + extra, [*pieces, piece])
            for cost, pieces in beam
            for piece, extra in unit_options
        ]
        beam = sorted(extended, key=lambda pair: pair[0])[:_BEAM_WIDTH]
    return beam


def _join_polivanov(pieces: Sequence[str]) -> str:
    """Glue readings, writing the small tsu as the next consonant doubled (Хоккайдо)."""
    text = ""
    for index, piece in enumerate(pieces):
        text += pieces[index + 1][0] if piece == _SOKUON else piece
    return text


def _segmentation_penalty(morae: Sequence[str]) -> int:
    """One per syllabic n read before a vowel or y, a cut the spelling leaves ambiguous.

    Hepburn marks that n with an apostrophe (Ken'ichi, Shin'ya), so without it the plain
    mora (Hanae, Kana, Tsunami) is the likelier reading; the other is still returned.
    """
    return sum(
        1
        for mora, after in zip(morae, morae[1:], strict=False)
        if mora == _SYLLABIC_N and after[0] in _VOWELS | {"y"}
    )


@lru_cache(maxsize=100_000)
def polivanov(token: str) -> tuple[str, ...]:
    """Cyrillic spellings (Polivanov system) of a romanised Japanese token, or () if not Japanese.

    Accepts Hepburn and Kunrei spellings, syllabic n (written m before b, p, m too),
    doubled consonants for the small tsu (kk, ss, tt, pp, tch) and long vowels written
    ou, oo, oh or uu. Where the ASCII spelling loses information (Kenichi: ke-ni-chi or
    ken'ichi; ei: эй or эи) several readings come back, likeliest first.
    """
    if not _plain(token):
        return ()
    scored: list[tuple[int, str]] = []
    for morae in _segmentations(token, _japanese_units):
        base = _segmentation_penalty(morae)
        options = [_mora_options(morae, index) for index in range(len(morae))]
        for cost, pieces in _cheapest_choices(options):
            scored.append((base + cost, _join_polivanov(pieces)))
    return _best(scored)
