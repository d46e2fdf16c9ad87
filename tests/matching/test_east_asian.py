"""Chinese and Japanese name tokens read in the Cyrillic that Russian texts use."""

from collections.abc import Callable

import pytest

from app.matching.east_asian import MAX_READINGS, palladius, polivanov

Reader = Callable[[str], tuple[str, ...]]

# --- Palladius (pinyin) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "cyrillic"),
    [
        ("chenglong", "чэнлун"),
        ("jiaxuan", "цзясюань"),
        ("jingyuan", "цзинъюань"),
        ("linji", "линьцзи"),
        ("weiyang", "вэйян"),
        ("xiaqing", "сяцин"),
        ("yuxi", "юйси"),
        ("ronglu", "жунлу"),
        ("siju", "сыцзюй"),
        ("zuoxiu", "цзосю"),
        ("hongyan", "хунъянь"),
        ("changfang", "чанфан"),
        ("wenlong", "вэньлун"),
        ("xiaozheyi", "сяочжэи"),
        ("jingzi", "цзинцзы"),
        ("ximeng", "симэн"),
        ("guangxu", "гуансюй"),
        ("xiangyang", "сянъян"),
        ("zhongguo", "чжунго"),
        ("ciqun", "цыцюнь"),
        ("shiquan", "шицюань"),
        ("er", "эр"),
    ],
)
def test_pinyin_token_reads_as_its_palladius_spelling(token: str, cyrillic: str) -> None:
    assert palladius(token)[0] == cyrillic


def test_palladius_keeps_the_soft_sign_as_separator_after_n() -> None:
    assert palladius("tianan")[0] == "тяньань"


@pytest.mark.parametrize(
    ("token", "readings"),
    [
        ("xian", ("сянь", "сиань")),
        ("jingan", ("цзинъань", "цзиньгань")),
    ],
)
def test_ambiguous_pinyin_cut_gives_both_readings_longest_syllable_first(
    token: str, readings: tuple[str, ...]
) -> None:
    assert palladius(token) == readings


def test_pinyin_cut_across_a_vowel_is_the_less_likely_reading() -> None:
    assert palladius("jiaxuan").index("цзясюань") < palladius("jiaxuan").index("цзиасюань")


def test_pinyin_v_is_read_as_u_umlaut() -> None:
    assert palladius("lvxun") == ("люйсюнь",)


def test_pinyin_lu_without_umlaut_gives_both_lu_and_lyu() -> None:
    assert palladius("lu") == ("лу", "люй")


def test_pinyin_token_of_more_than_three_syllables_is_not_read() -> None:
    assert palladius("kameyama") == ()


def test_short_european_name_made_of_pinyin_syllables_gets_a_reading() -> None:
    assert palladius("linda") == ("линьда",)


@pytest.mark.parametrize(
    "token",
    ["smith", "kuznetsov", "schwarzenegger", "brandt", "muller", "ivan", "nguyen", "kato"],
)
def test_token_that_is_not_pinyin_gets_no_palladius_reading(token: str) -> None:
    assert palladius(token) == ()


# --- Polivanov (Hepburn / Kunrei) -------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "cyrillic"),
    [
        ("choichi", "тёити"),
        ("ichiyo", "итиё"),
        ("shuyo", "сюё"),
        ("shuji", "сюдзи"),
        ("yozo", "ёдзо"),
        ("oishi", "ойси"),
        ("tsunamichi", "цунамити"),
        ("kiyozawa", "киёдзава"),
        ("shoshichi", "сёсити"),
        ("zenmyo", "дзэммё"),
        ("chokozan", "тёкодзан"),
        ("hiroichiro", "хироитиро"),
        ("ryuho", "рюхо"),
        ("masayoshi", "масаёси"),
        ("hitachiiwa", "хитатиива"),
        ("morimatsu", "моримацу"),
        ("kensuke", "кэнсукэ"),
        ("seiichi", "сэйити"),
        ("kaito", "кайто"),
        ("kiyoshi", "киёси"),
        ("shinnosuke", "синносукэ"),
    ],
)
def test_japanese_token_reads_as_its_polivanov_spelling(token: str, cyrillic: str) -> None:
    assert polivanov(token)[0] == cyrillic


@pytest.mark.parametrize(
    ("kunrei", "hepburn"),
    [
        ("simizu", "shimizu"),
        ("tutomu", "tsutomu"),
        ("hukuda", "fukuda"),
        ("zyunko", "junko"),
        ("syoiti", "shoichi"),
        ("tyosyu", "choshu"),
    ],
)
def test_kunrei_spelling_reads_like_hepburn(kunrei: str, hepburn: str) -> None:
    assert polivanov(kunrei) == polivanov(hepburn)


@pytest.mark.parametrize(
    ("token", "cyrillic"),
    [("kanbun", "камбун"), ("shimbun", "симбун"), ("sanpei", "сампэй")],
)
def test_syllabic_n_before_b_p_m_is_written_m(token: str, cyrillic: str) -> None:
    assert polivanov(token)[0] == cyrillic


def test_syllabic_n_before_a_vowel_with_the_apostrophe_lost_is_also_read() -> None:
    assert "кэнъити" in polivanov("kenichi")


@pytest.mark.parametrize(
    ("token", "cyrillic"),
    [
        ("hokkaido", "хоккайдо"),
        ("sapporo", "саппоро"),
        ("matcha", "маття"),
        ("mittsu", "миццу"),
        ("sesshu", "сэссю"),
    ],
)
def test_small_tsu_doubles_the_next_consonant(token: str, cyrillic: str) -> None:
    assert polivanov(token)[0] == cyrillic


@pytest.mark.parametrize(
    ("token", "cyrillic"),
    [("satou", "сато"), ("oono", "оно"), ("ohno", "оно"), ("itoh", "ито"), ("yuuki", "юки")],
)
def test_long_vowel_spelled_in_ascii_reads_as_one_vowel(token: str, cyrillic: str) -> None:
    assert polivanov(token)[0] == cyrillic


def test_i_after_a_vowel_gives_both_short_i_and_i() -> None:
    assert polivanov("oishi") == ("ойси", "оиси")


def test_short_european_name_made_of_morae_gets_a_reading() -> None:
    assert polivanov("maria") == ("мариа",)


@pytest.mark.parametrize(
    "token",
    ["smith", "kuznetsov", "schwarzenegger", "brandt", "muller", "linda", "nguyen", "xian"],
)
def test_token_that_is_not_japanese_gets_no_polivanov_reading(token: str) -> None:
    assert polivanov(token) == ()


# --- both -------------------------------------------------------------------------------


@pytest.mark.parametrize("reader", [palladius, polivanov])
@pytest.mark.parametrize("token", ["", "Chen", "chen-long", "shōichi"])
def test_only_lowercase_ascii_letters_are_read(reader: Reader, token: str) -> None:
    assert reader(token) == ()


@pytest.mark.parametrize(("reader", "token"), [(palladius, "xianxian"), (polivanov, "kenichiro")])
def test_readings_are_capped_and_distinct(reader: Reader, token: str) -> None:
    readings = reader(token)
    assert 1 < len(readings) <= MAX_READINGS
    assert len(set(readings)) == len(readings)


def test_long_run_of_ambiguous_vowels_is_still_read() -> None:
    assert polivanov("o" * 40)[0] == "о"
