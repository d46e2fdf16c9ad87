"""The name score explains itself part by part: named features whose effects add up."""

import json

import pytest

from app.matching import compare_names


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Artyom Kuznetsov", "KUZNETSOV, Artem"),
        ("Sergei Lavrov", "Sergey Viktorovich Lavrov"),
        ("Navros Sergei", "Lavrov Sergei"),
        ("Kuznetsov", "KUZNETSOV, Artem"),
        ("Ivan Petrov", "Ivan Sidorov"),
    ],
)
def test_feature_effects_add_up_to_the_score(a: str, b: str) -> None:
    match = compare_names(a, b, "individual")
    total = 1 + sum(f.effect for f in match.features)
    assert match.score == pytest.approx(max(0.0, min(1.0, total)))


def test_a_missing_patronymic_is_a_named_deduction_with_its_amount() -> None:
    match = compare_names("Sergei Lavrov", "Sergey Viktorovich Lavrov", "individual")
    unpaired = [f for f in match.features if f.name == "unpaired"]
    assert len(unpaired) == 1
    assert unpaired[0].effect == pytest.approx(-0.05)
    assert "(-0.05)" in match.summary()


def test_a_loose_pair_is_explained_not_silent() -> None:
    match = compare_names("Navros Sergei", "Lavrov Sergei", "individual")
    weak = [f for f in match.features if f.name == "weak_pairs"]
    assert weak and weak[0].effect < 0
    assert "navros~lavrov" in weak[0].detail


def test_the_evidence_ceiling_says_what_it_took_off() -> None:
    match = compare_names("Kuznetsov", "KUZNETSOV, Artem", "individual")
    cap = [f for f in match.features if f.name == "weak_evidence"]
    assert cap and match.score == pytest.approx(0.7)


def test_features_are_in_the_explanation_json() -> None:
    data = json.loads(json.dumps(compare_names("Ivan Petrov", "Ivan Sidorov").to_dict()))
    names = [f["name"] for f in data["features"]]
    assert names[0] == "agreement"
    assert "substitution" in names
    assert all(set(f) == {"name", "effect", "detail"} for f in data["features"])
