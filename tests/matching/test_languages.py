"""Other languages' Latin spellings of a name, titles in other languages, kana, Persian."""

import pytest

from app.matching import compare_names


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Vladimir Poetin", "Vladimir Putin"),  # Dutch oe
        ("Joeri Gagarin", "Yuri Gagarin"),  # Dutch j, oe
        ("Vladimiras Putinas", "Vladimir Putin"),  # Lithuanian case endings
        ("Sergejus Lavrovas", "Sergey Lavrov"),
        ("Lavrov Szergej", "Sergey Lavrov"),  # Hungarian order and sz
        ("Wladimir Putin", "Vladimir Putin"),  # German w
    ],
)
def test_another_languages_spelling_matches(query: str, listed: str) -> None:
    assert compare_names(query, listed, "individual").is_match


@pytest.mark.parametrize("title", ["Präsident", "Presidente", "Predsjednik", "Premierminister"])
def test_a_title_in_another_language_is_dropped(title: str) -> None:
    match = compare_names(f"{title} Vladimir Putin", "Vladimir Putin", "individual")
    assert match.score == pytest.approx(1.0, abs=0.03)


def test_a_short_stem_does_not_lose_its_ending() -> None:
    # The Lithuanian ending rule needs a stem of five letters: Lucas is not Luc.
    assert not compare_names("Lucas Silva", "Luc Silva", "individual").is_match


def test_kana_syllables_with_small_kana_read_as_one_sound() -> None:
    assert compare_names("ヤマモト タロウ", "Yamamoto Taro", "individual").is_match
    assert compare_names("アベ・シンゾウ", "Abe Shinzo", "individual").is_match


def test_a_persian_word_joined_by_a_zero_width_non_joiner_stays_one_word() -> None:
    assert compare_names("محمود احمدی\u200cنژاد", "Mahmoud Ahmadinejad", "individual").is_match
