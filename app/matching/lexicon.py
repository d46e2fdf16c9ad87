"""Lexical data (honorifics, particles, legal forms, number words) read from ``data/``.

The tables live in commented text files beside the code so they can be reviewed and
extended without touching the matcher. Everything is loaded once at import.
"""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def read_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a data file, stripped."""
    lines = []
    for raw in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def read_phrase_table(name: str) -> dict[str, str]:
    """Read `canonical: variant | variant` lines into a variant -> canonical map."""
    table: dict[str, str] = {}
    for line in read_lines(name):
        canonical, _, variants = line.partition(":")
        for variant in variants.split("|"):
            table[variant.strip()] = canonical.strip()
    return table


def _phrases(words: list[str]) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(w.split()) for w in words)


HONORIFICS: frozenset[tuple[str, ...]] = _phrases(
    read_lines("honorifics.txt") + read_lines("titles.txt")
)
PARTICLES: frozenset[str] = frozenset(read_lines("particles.txt"))
LEGAL_FORMS: dict[tuple[str, ...], str] = {
    tuple(variant.split()): canonical
    for variant, canonical in read_phrase_table("legal_forms.txt").items()
}
NUMBER_WORDS: dict[str, int] = {
    word: int(value) for word, value in (line.split() for line in read_lines("number_words.txt"))
}
# Legal-form abbreviations that registries glue onto the name ("JSCARGUMENT"); only
# letters-only variants of at least three characters, to avoid splitting real words.
GLUED_LEGAL_PREFIXES: tuple[str, ...] = tuple(
    sorted(
        (v[0] for v in LEGAL_FORMS if len(v) == 1 and len(v[0]) >= 3 and v[0].isalpha()),
        key=len,
        reverse=True,
    )
)


def _variant_groups() -> dict[str, int]:
    groups: dict[str, int] = {}
    for number, line in enumerate(read_lines("given_name_variants.txt")):
        for name in line.split():
            groups.setdefault(name, number)
    return groups


# Given name -> number of its group of equivalent names (John / Juan / Ivan ...).
NAME_VARIANT_GROUP: dict[str, int] = _variant_groups()
# Accented Slavic letters -> their sound in ASCII (č -> ch), for a second reading.
SLAVIC_LETTERS: dict[str, str] = dict(
    line.split()
    for line in read_lines("slavic_letters.txt")  # type: ignore[misc]
)
LONGEST_PHRASE = max(len(p) for p in (*HONORIFICS, *LEGAL_FORMS))
# First words of honorific and legal-form phrases: most words start none, and checking
# that first saves building candidate phrases.
PHRASE_FIRST_WORDS: frozenset[str] = frozenset(p[0] for p in (*HONORIFICS, *LEGAL_FORMS))
