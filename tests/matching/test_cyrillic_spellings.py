"""Latin names against the Cyrillic that Russian texts write for them."""

import pytest

from app.matching import compare_names
from app.matching.cyrillic_spellings import cyrillic_similarity, fold_cyrillic
from app.matching.similarity import RUSSIAN_SPELLING_MIN


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("highland", "хайланд"),  # English
        ("knightley", "найтли"),
        ("gougeard", "гужар"),  # French: silent endings, g as ж
        ("millot", "мийо"),
        ("hellpach", "гельпах"),  # German: h as г, ch as х
        ("majchrzak", "майхжак"),  # Polish
        ("wójcicki", "вуйцицкий"),
        ("theopompus", "феопомп"),  # classical: th as ф, ending dropped
        ("jingyuan", "цзинъюань"),  # Chinese, Palladius
        ("choichi", "тёити"),  # Japanese, Polivanov
        ("guaragna", "гваранья"),  # Italian gn
        ("kuznetsov", "кузнецов"),  # Russian itself
        ("jong", "чен"),  # Korean, as the Russian press writes it
        ("choe", "чхве"),  # Korean aspiration
        ("un", "ын"),
    ],
)
def test_latin_spelling_meets_its_russian_spelling(latin: str, cyrillic: str) -> None:
    assert cyrillic_similarity(latin, cyrillic) >= RUSSIAN_SPELLING_MIN


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("smith", "кузнецов"),
        ("highland", "хабаров"),
        ("petrov", "пастухов"),
        ("morimatsu", "кэнсукэ"),
    ],
)
def test_different_names_stay_apart(latin: str, cyrillic: str) -> None:
    assert cyrillic_similarity(latin, cyrillic) < RUSSIAN_SPELLING_MIN


def test_folding_ignores_what_russian_spells_inconsistently() -> None:
    assert fold_cyrillic("Хьюитт") == fold_cyrillic("гюит")
    assert fold_cyrillic("Сёити") == fold_cyrillic("сеити")


def test_other_cyrillic_alphabets_are_read_as_russian_letters() -> None:
    assert fold_cyrillic("Олексій") == fold_cyrillic("олексии")
    assert fold_cyrillic("Ђоковић") == fold_cyrillic("джокович")


def test_full_name_in_cyrillic_matches_its_latin_listing() -> None:
    match = compare_names("Джон Хайланд", "HIGHLAND, John", "individual")
    assert match.is_match
    assert "as Russian writes this name" in match.summary()


def test_russian_spelling_does_not_overrule_gendered_surnames() -> None:
    assert not compare_names("Анна Кузнецова", "Anna KUZNETSOV", "individual").is_match


def test_korean_name_in_cyrillic_matches_its_listing() -> None:
    assert compare_names("Ким Чен Ын", "KIM, Jong Un", "individual").is_match


def test_the_closer_russian_spelling_scores_higher() -> None:
    exact = compare_names("Хайланд", "Highland", "individual").score
    near = compare_names("Хайлэнт", "Highland", "individual").score
    assert exact > near
