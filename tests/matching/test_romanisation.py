"""Russian romanisation systems and other scripts meet the Latin listing."""

import pytest

from app.matching import compare_names, prepare_name
from app.matching.translit import romanise


def folded(name: str) -> list[str]:
    return [t.folded for t in prepare_name(name, "individual").tokens]


@pytest.mark.parametrize(
    "variants",
    [
        ["Kuznetsov", "Kouznetsov", "Kusnezow", "Kuznecov"],
        ["Artem", "Artyom", "Artiom", "Artjom"],
        ["Yelena", "Elena", "Jelena"],
        ["Dmitriy", "Dmitry", "Dmitri", "Dmitrij"],
        ["Klyuev", "Kljuev", "Kliuev", "Klyuyev"],
        ["Zelenskyy", "Zelensky", "Selenskyj", "Zelenskiy"],
    ],
)
def test_russian_romanisation_variants_fold_to_one_key(variants: list[str]) -> None:
    assert len({tuple(folded(v)) for v in variants}) == 1


def test_female_surname_folds_apart_from_male() -> None:
    assert folded("Kuznetsova") != folded("Kuznetsov")


@pytest.mark.parametrize(
    "schema", ["icao_doc_9303", "bgn_pcgn", "mvd_310_fr", "gost_779", "scientific", "telegram"]
)
def test_every_romanisation_of_a_cyrillic_name_matches_the_listing(schema: str) -> None:
    query = romanise("Артём Дмитриевич Кузнецов", schema)
    assert compare_names(query, "KUZNETSOV, Artem Dmitrievich", "individual").is_match


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Кузнецов Артём", "Artem Kuznetsov"),  # Russian
        ("Олена Шевченко", "Olena Shevchenko"),  # Ukrainian
        ("Аляксандр Лукашэнка", "Alexander Lukashenko"),  # Belarusian
        ("Александар Вучић", "Aleksandar Vucic"),  # Serbian
        ("Бойко Борисов", "Boyko Borisov"),  # Bulgarian
        ("Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev"),  # Kazakh
        ("Αλέξης Τσίπρας", "Alexis Tsipras"),  # Greek
        ("Նիկոլ Փաշինյան", "Nikol Pashinyan"),  # Armenian
        ("მიხეილ სააკაშვილი", "Mikheil Saakashvili"),  # Georgian
        ("محمد بن سلمان", "Mohammed bin Salman"),  # Arabic, vowels unwritten
        ("习近平", "Xi Jinping"),  # Han
        ("김정은", "Kim Jong Un"),  # Hangul
        ("あべ しんぞう", "Abe Shinzo"),  # Kana
    ],
)
def test_other_scripts_match_the_latin_listing(query: str, listed: str) -> None:
    assert compare_names(query, listed, "individual").is_match


def test_latin_query_matches_a_cyrillic_listing() -> None:
    assert compare_names("Sergei Lavrov", "Сергей Викторович Лавров", "individual").is_match


def test_romanise_follows_the_schema_rules() -> None:
    assert romanise("Юлия Щукина", "wikipedia") == "Yuliya Shchukina"
    assert romanise("Кузнецов", "mvd_310_fr") == "Kouznetsov"


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Whedon", "Уидон"),  # English wh, silent h
        ("Eleanor", "Элинор"),  # English ea, Cyrillic э
        ("Maclean", "Маклин"),
        ("Sabinus", "Сабин"),  # Latin ending dropped in Russian
        ("Palamedes", "Паламед"),
        ("Dandelot", "Дандло"),  # French silent ending
    ],
)
def test_foreign_names_written_phonetically_in_cyrillic_match_their_latin_spelling(
    latin: str, cyrillic: str
) -> None:
    assert compare_names(cyrillic, latin, "individual").is_match


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [("Kowalski", "Петров"), ("Sabin", "Собакин"), ("Marek", "Мирзоев"), ("Piet", "Пятаков")],
)
def test_different_names_across_alphabets_do_not_match(latin: str, cyrillic: str) -> None:
    assert not compare_names(cyrillic, latin, "individual").is_match


def test_sounds_alone_do_not_pair_two_latin_spellings() -> None:
    # Within one alphabet, a different vowel structure is another name (Whedon / Wadan).
    assert not compare_names("Uidon", "Whedon", "individual").is_match


def test_a_cyrillic_query_shares_an_index_key_with_its_latin_listing() -> None:
    from app.matching import name_keys

    for latin, cyrillic in [("Maclean", "Маклин"), ("Eleanor", "Элинор")]:
        assert name_keys(prepare_name(latin, "individual")) & name_keys(
            prepare_name(cyrillic, "individual")
        )
