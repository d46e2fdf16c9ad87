"""Index keys and candidate retrieval."""

import pytest

from app.matching import InMemoryKeyIndex, name_keys, prepare_name, query_keys
from app.matching.candidates import TIE_EXTENSION, within_ties


def keys(name: str, kind: str | None = "individual") -> set[str]:
    return name_keys(prepare_name(name, kind))


LISTED = "KUZNETSOV, Artem Dmitrievich"


@pytest.mark.parametrize(
    "variant",
    [
        "Artyom Kouznetsov",
        "Artjom Kusnezow",
        "Kuznecov Artem",
        "Артём Дмитриевич Кузнецов",
        "A. Kuznetsov",
        "Artem Kuzentsov",
        "Artem Dmitrievich Kuznetsov",
        "ArtemKuznetsov",
    ],
)
def test_keys_of_variants_intersect(variant: str) -> None:
    assert keys(variant) & keys(LISTED)


def test_keys_per_name_are_modest() -> None:
    # Three parts: about ten keys each kind of reader needs, one q: and one l: key per part.
    assert len(keys(LISTED)) <= 36
    assert len(keys("ABDUL GHANI BARADAR ABDUL AHMAD TURK")) <= 40


def test_legal_forms_make_no_keys() -> None:
    assert not any("llc" in k or "ooo" in k for k in keys("OOO Baikal LLC", "entity"))


def test_query_keys_without_kind_cover_person_and_entity_readings() -> None:
    entity = name_keys(prepare_name("A.B.C. Trading", "entity"), query=True)
    assert query_keys("A.B.C. Trading") >= entity


def test_cyrillic_query_meets_a_foreign_latin_listing_through_its_russian_spelling() -> None:
    shared = query_keys("Хайланд", "individual") & keys("HIGHLAND")
    assert any(key.startswith("r:") for key in shared)


def test_latin_query_reads_no_russian_spelling_keys() -> None:
    assert not any(key.startswith("r:") for key in query_keys("John Highland"))
    assert any(key.startswith("r:") for key in keys("John Highland"))


def build_index() -> InMemoryKeyIndex:
    index = InMemoryKeyIndex(max_key_share=1.0)
    for name_id, name in enumerate(
        [
            LISTED,
            "KUZNETSOVA, Elena",
            "KUZMIN, Artem",
            "PETROV, Ivan Ivanovich",
            "IVANOV, Sergei Borisovich",
        ],
        start=1,
    ):
        index.add(name_id, prepare_name(name, "individual"))
    return index


@pytest.mark.parametrize(
    "query", ["Artyom Kouznetsov", "Кузнецов Артём", "A. Kuznetsov", "Artem Kuzentsov"]
)
def test_true_match_has_most_key_hits(query: str) -> None:
    candidates = build_index().candidates(keys(query), limit=3)
    assert candidates[0][0] == 1


def test_candidates_are_limited_to_the_limit_and_its_ties() -> None:
    assert len(build_index().candidates(keys("Artem Ivanov"), limit=2)) <= 2 * TIE_EXTENSION


def test_names_tied_with_the_last_candidate_on_one_key_are_kept() -> None:
    ranked = [(1, 5), (2, 1), (3, 1), (4, 1)]
    assert within_ties(ranked, 2) == ranked


def test_ties_on_several_keys_are_cut_at_the_limit() -> None:
    ranked = [(1, 5), (2, 3), (3, 3), (4, 3), (5, 1)]
    assert within_ties(ranked, 2) == ranked[:2]


def test_swapped_letters_share_a_key() -> None:
    assert keys("Afiz") & keys("Faiz")
