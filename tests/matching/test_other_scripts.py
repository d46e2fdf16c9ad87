"""Names in Greek, Hebrew, Armenian, Georgian, Hangul and kana against their Latin spelling."""

import pytest

from app.matching import compare_names


@pytest.mark.parametrize(
    ("written", "latin"),
    [
        ("Ντόναλντ Τραμπ", "Donald Trump"),  # Greek ντ for d
        ("Μπαράκ Ομπάμα", "Barack Obama"),  # Greek μπ for b
        ("Αντώνης Σαμαράς", "Antonis Samaras"),  # a Greek name keeps nt
        ("ולדימיר פוטין", "Vladimir Putin"),  # Hebrew vav as a vowel, pe as p
        ("ברק אובמה", "Barack Obama"),  # Hebrew bet as b
        ("שמעון פרס", "Shimon Peres"),
        ("Վլադիմիր Պուտին", "Vladimir Putin"),  # Armenian ու is u
        ("დონალდ ტრამპი", "Donald Trump"),
        ("블라디미르 푸틴", "Vladimir Putin"),  # a Western name in Hangul, syllable by syllable
        ("도널드 트럼프", "Donald Trump"),
        ("앙겔라 메르켈", "Angela Merkel"),
        ("ドナルド・トランプ", "Donald Trump"),  # katakana: a vowel after every consonant
        ("ប៉ុល ពត", "Pol Pot"),  # Khmer leaves the inherent vowel unwritten
        ("ហ៊ុន សែន", "Hun Sen"),
        ("アンゲラ・メルケル", "Angela Merkel"),
    ],
)
def test_a_name_in_another_script_matches_its_latin_spelling(written: str, latin: str) -> None:
    assert compare_names(written, latin, "individual").is_match
    assert compare_names(latin, written, "individual").is_match


@pytest.mark.parametrize(
    ("written", "latin"),
    [
        ("Ντόναλντ Τραμπ", "Angela Merkel"),
        ("도널드 트럼프", "Barack Obama"),
        ("ドナルド・トランプ", "Dmitry Medvedev"),
        ("김정은", "Kim Jong Nam"),  # one Korean syllable differs: another person
        ("ហ៊ុន សែន", "Pol Pot"),
    ],
)
def test_another_persons_name_in_another_script_does_not_match(written: str, latin: str) -> None:
    assert not compare_names(written, latin, "individual").is_match
