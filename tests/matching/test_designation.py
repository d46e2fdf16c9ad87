"""Matching a designation: best name, weak aliases and qualifiers."""

import json
from datetime import date

from app.matching import (
    ListedName,
    Query,
    SubjectFacts,
    match_designation,
    normalise_country,
)

NAMES = [
    ListedName(1, "KUZNETSOV, Artem Dmitrievich", "primary", "strong"),
    ListedName(2, "KUZNETSOV, Artyom", "aka", "strong"),
    ListedName(3, "TEMA", "aka", "weak"),
]
FACTS = SubjectFacts(
    "individual", [(date(1975, 2, 28), date(1975, 2, 28))], ["Russia", "Azerbaijan"]
)
FACTS_YEAR_ONLY = SubjectFacts("individual", [(date(1970, 1, 1), date(1972, 12, 31))], [])


def test_the_best_matching_name_is_reported() -> None:
    result = match_designation(Query("Artyom Kuznetsov"), NAMES, FACTS)
    assert result.matched_name_id == 2
    assert result.matched_name == "KUZNETSOV, Artyom"
    assert result.is_match


def test_weak_alias_counts_less_and_is_marked() -> None:
    result = match_designation(Query("Tema"), NAMES, FACTS)
    assert result.matched_name_quality == "weak"
    assert result.weak_alias
    assert result.score < result.name_match.score
    assert "weak alias" in result.summary()


def test_same_birth_date_raises_the_score() -> None:
    plain = match_designation(Query("Artem Kuznetsov"), NAMES, FACTS).score
    born = match_designation(Query("Artem Kuznetsov", birth_date=date(1975, 2, 28)), NAMES, FACTS)
    assert born.score > plain
    assert born.qualifiers[0].feature == "birth_date"


def test_birth_year_within_a_listed_range_agrees() -> None:
    result = match_designation(Query("Artem Kuznetsov", birth_year=1971), NAMES, FACTS_YEAR_ONLY)
    assert result.qualifiers[0].adjustment > 0


def test_birth_date_far_from_the_listed_one_lowers_the_score() -> None:
    plain = match_designation(Query("Artem Kuznetsov"), NAMES, FACTS).score
    other = match_designation(Query("Artem Kuznetsov", birth_year=1990), NAMES, FACTS)
    assert other.score < plain
    assert "15 years off" in other.qualifiers[0].detail


def test_country_code_matches_country_name() -> None:
    result = match_designation(Query("Artem Kuznetsov", country="RU"), NAMES, FACTS)
    assert [q.feature for q in result.qualifiers] == ["country"]
    assert result.qualifiers[0].adjustment > 0


def test_country_normaliser_equates_codes_and_names() -> None:
    assert {normalise_country(x) for x in ["ru", "RU", "Russia", "Russian Federation"]} == {"ru"}
    assert normalise_country("Atlantis") is None


def test_searching_a_person_lowers_an_entity_listing() -> None:
    entity = SubjectFacts("entity", [], [])
    names = [ListedName(9, "Kuznetsov Artem", "primary", "strong")]
    person = match_designation(Query("Artem Kuznetsov", kind="individual"), names, entity)
    unknown = match_designation(Query("Artem Kuznetsov"), names, entity)
    assert person.score < unknown.score
    assert person.qualifiers[0].feature == "kind"


def test_explanation_is_json_serialisable() -> None:
    result = match_designation(
        Query("Artyom Kouznetsov", birth_year=1975, country="Russia"), NAMES, FACTS
    )
    data = json.loads(json.dumps(result.to_dict()))
    assert data["matched_name_id"] == 2
    assert data["name_match"]["pairs"]
    assert {q["feature"] for q in data["qualifiers"]} == {"birth_date", "country"}
    assert "KUZNETSOV, Artyom" in result.summary()


def test_full_date_inside_a_year_only_listing_counts_as_the_year() -> None:
    result = match_designation(
        Query("Artem Kuznetsov", birth_date=date(1971, 5, 1)), NAMES, FACTS_YEAR_ONLY
    )
    assert "listed year agrees" in result.qualifiers[0].detail


def test_rank_score_keeps_a_confirmed_birth_date_above_a_bare_exact_name() -> None:
    confirmed = match_designation(
        Query("Artyom Kuznetsov", birth_date=date(1975, 2, 28)), NAMES, FACTS
    )
    bare = match_designation(Query("Artyom Kuznetsov"), NAMES, FACTS)
    assert confirmed.score == bare.score == 1.0
    assert confirmed.rank_score > bare.rank_score
