"""Token alignment and name scoring: what counts as the same name."""

import pytest

from app.matching import DEFAULT_THRESHOLD, compare_names


def score(query: str, listed: str, kind: str | None = "individual") -> float:
    return compare_names(query, listed, kind).score


def test_identical_names_score_one() -> None:
    assert score("Sergey Lavrov", "Sergey Lavrov") == 1.0


def test_word_order_does_not_matter() -> None:
    assert score("Lavrov Sergey", "Sergey Lavrov") >= 0.95


def test_ofac_order_matches_natural_order() -> None:
    assert score("Vladimir Putin", "PUTIN, Vladimir") == 1.0


def test_missing_patronymic_still_matches() -> None:
    assert compare_names("Artem Kuznetsov", "KUZNETSOV, Artem Dmitrievich", "individual").is_match


def test_missing_part_costs_a_little() -> None:
    # A little: below an exact match, still well above the threshold.
    assert 0.9 <= score("Artem Kuznetsov", "Artem Dmitrievich Kuznetsov") < 1.0


def test_extra_middle_name_still_matches() -> None:
    assert compare_names("Boris Johnson", "Alexandre Boris de Pfeffel Johnson").is_match


def test_initial_matches_a_given_name() -> None:
    assert compare_names("A. Kuznetsov", "Artem Kuznetsov", "individual").is_match


def test_wrong_initial_does_not_match() -> None:
    assert not compare_names("B. Kuznetsov", "Artem Kuznetsov", "individual").is_match


def test_initials_alone_are_not_a_match() -> None:
    assert not compare_names("N.N.", "Nursultan Nazarbayev", "individual").is_match


def test_joined_and_split_tokens_match() -> None:
    assert compare_names("PolPot", "Pol Pot", "individual").is_match
    assert compare_names("Nikolai Patr ushev", "Nikolai Platonovich Patrushev").is_match
    assert compare_names("vanderbilt corp", "van der bilt corp", "entity").is_match


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("ALBALAWI Fahad", "AL BALAWI Fahad"),
        ("ALBALAWI, Fahad Shabib A.", "AL BALAWI Fahad Shabib A."),
        ("Fahad al Balawi", "Fahad Albalawi"),
        ("El Sayed Ahmed", "Elsayed Ahmed"),
        ("Abdul Rahman Ahmed", "Abdulrahman Ahmed"),
        ("Salem Ould Mohamed", "Salem Ouldmohamed"),
        ("Osama bin Laden", "Osama Binladen"),
    ],
)
def test_a_glued_particle_matches_its_split_spelling(query: str, listed: str) -> None:
    assert score(query, listed) >= 0.95


def test_a_join_replaces_a_weak_typo_pairing() -> None:
    match = compare_names("ALBALAWI Fahad", "AL BALAWI Fahad", "individual")
    assert ("albalawi", "albalawi") in {(p.query, p.listed) for p in match.pairs}
    assert not match.missing


def test_a_name_ending_like_another_is_not_that_name_with_a_particle() -> None:
    assert not compare_names("Albert Smith", "Bert Smith", "individual").is_match
    assert not compare_names("Albert", "Bert", "individual").is_match


def test_one_typo_in_a_short_token_matches() -> None:
    assert compare_names("Serei Lavrov", "Sergei Lavrov", "individual").is_match


def test_two_typos_in_a_long_token_match() -> None:
    assert compare_names("Artem Kuzentzov", "Artem Kuznetsov", "individual").is_match


def test_female_surname_is_another_person() -> None:
    match = compare_names("Elena Kuznetsova", "Elena Kuznetsov", "individual")
    assert not match.is_match
    assert any("gender" in note for note in match.notes)


def test_different_surname_is_another_person() -> None:
    assert not compare_names("Artem Kuzmin", "Artem Kuznetsov", "individual").is_match


def test_different_given_name_is_another_person() -> None:
    assert not compare_names("Octavian Scholz", "Olaf Scholz", "individual").is_match


def test_surname_difference_weighs_more_than_given_name_difference() -> None:
    given_differs = score("Ivan Kuznetsov", "KUZNETSOV, Artem")
    surname_differs = score("Artem Ivanov", "KUZNETSOV, Artem")
    assert surname_differs < given_differs < DEFAULT_THRESHOLD


def test_different_patronymic_is_another_person() -> None:
    assert not compare_names(
        "Sergey Viktorovich Lavrov", "Sergey Ivanovich Lavrov", "individual"
    ).is_match


def test_one_shared_part_is_not_enough() -> None:
    assert not compare_names("Hannah Lynn Smith", "SMITH", "individual").is_match


def test_given_name_variants_across_languages_match() -> None:
    assert compare_names("Ivan Petrov", "John Petrov", "individual").is_match


def test_legal_form_alone_does_not_carry_a_match() -> None:
    assert not compare_names("OOO Baikal", "OOO Bai", "entity").is_match
    assert not compare_names("Alpha LLC", "Beta LLC", "entity").is_match


def test_different_legal_forms_of_the_same_company_match() -> None:
    assert compare_names("OAO Gazprom", "Gazprom JSC", "entity").is_match
    assert compare_names("CRYSTALORD LIMITED", "CRYSTALORD LTD", "entity").is_match


def test_explanation_names_pairs_missing_and_extra_tokens() -> None:
    match = compare_names("Artyom Kouznetsov Jr", "KUZNETSOV, Artem Dmitrievich", "individual")
    pairs = {(p.query, p.listed) for p in match.pairs}
    assert ("artyom", "artem") in pairs
    assert ("kouznetsov", "kuznetsov") in pairs
    assert match.missing == ["dmitrievich"]
    assert "artyom~artem" in match.summary()
    assert match.to_dict()["pairs"][0]["how"]


def test_scores_stay_in_the_unit_interval() -> None:
    for a, b in [("A", "B"), ("", "Sergey"), ("Sergey", "Sergey Sergey Sergey")]:
        assert 0.0 <= score(a, b) <= 1.0


def test_a_greedy_pair_that_strands_two_tokens_is_swapped():
    # "Хэ" agrees with both "Hae" and "Choe"; taking Хэ~Choe would leave Чхве and Hae alone.
    match = compare_names("Чхве Рён Хэ", "CHOE, Ryong Hae", "individual")
    assert match.is_match
    assert not match.to_dict().get("extra") and not match.to_dict().get("missing")
