"""Script detection."""

import pytest

from app.matching import detect_script


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Sergey Lavrov", "Latin"),
        ("Сергей Лавров", "Cyrillic"),
        ("Σεργκέι Λαβρόφ", "Greek"),
        ("Սերգեյ Լավրով", "Armenian"),
        ("სერგეი ლავროვი", "Georgian"),
        ("محمد بن سلمان", "Arabic"),
        ("习近平", "Han"),
        ("김정은", "Hangul"),
        ("あべ しんぞう", "Kana"),
        ("安倍 しんぞう", "Kana"),
        ("OOO БАЙКАЛ", "Mixed"),
        ("12345", "Latin"),
    ],
)
def test_detect_script(text: str, script: str) -> None:
    assert detect_script(text) == script
