"""Western names in Chinese characters and Hangul, other languages' spellings (issue 14)."""

import pytest

from app.matching import compare_names, name_keys, prepare_name


@pytest.mark.parametrize(
    ("written", "latin"),
    [
        ("弗拉基米尔·普京", "Vladimir Putin"),  # ji for di, jing for tin
        ("谢尔盖·拉夫罗夫", "Sergei Lavrov"),  # xie for se
        ("德米特里·梅德韦杰夫", "Dmitry Medvedev"),  # de is a syllable, w for v
        ("세르게이 라브로프", "Sergei Lavrov"),
    ],
)
def test_a_western_name_in_chinese_characters_or_hangul_matches(written: str, latin: str) -> None:
    assert compare_names(written, latin, "individual").is_match


@pytest.mark.parametrize(
    ("written", "latin"),
    [
        ("弗拉基米尔·普京", "Vladimir Pushkin"),
        ("谢尔盖·拉夫罗夫", "Sergei Lukin"),
        ("德米特里·梅德韦杰夫", "Dmitry Peskov"),
    ],
)
def test_another_surname_in_chinese_characters_does_not_match(written: str, latin: str) -> None:
    assert not compare_names(written, latin, "individual").is_match


def test_a_chinese_rendering_shares_keys_with_its_latin_listing() -> None:
    query = name_keys(prepare_name("弗拉基米尔·普京", "individual"), query=True)
    listed = name_keys(prepare_name("PUTIN, Vladimir", "individual"))
    assert {k for k in query & listed if k.startswith("l:")}


def test_a_hangul_syllable_is_never_read_as_a_particle() -> None:
    # 이 (i) is a Latin particle's spelling; here it starts Igor.
    assert compare_names("이고리 세친", "Igor Sechin", "individual").is_match


def test_a_listed_patronymic_left_out_does_not_weaken_a_cross_script_match() -> None:
    assert compare_names("이고리 세친", "SECHIN, Igor Ivanovich", "individual").is_match
    assert not compare_names("이고리 세친", "SEMIN, Igor Ivanovich", "individual").is_match


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Michailas Mišustinas", "Mikhail Mishustin"),  # Lithuanian ch, š and -as
        ("Sergej Sjojgoe", "Sergei Shoigu"),  # Dutch sj, oe, j after a vowel
        ("Szergej Sojgu", "Sergei Shoigu"),  # Hungarian sz, s, j
        ("Igor Setsjin", "Igor Sechin"),  # Dutch tsj
        ("Außenminister Sergej Lawrow", "Sergei Lavrov"),  # German title by portfolio
    ],
)
def test_more_of_other_languages_spellings_match(query: str, listed: str) -> None:
    assert compare_names(query, listed, "individual").is_match


def test_an_other_language_reading_of_a_query_token_is_a_key() -> None:
    query = name_keys(prepare_name("Vladimiras Putinas", "individual"), query=True)
    assert "t:putin" in query
