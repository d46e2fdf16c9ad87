"""Arabic and Persian script against Latin spellings: consonant classes, vowels tolerated."""

from app.matching import compare_names, name_keys, prepare_name


def test_a_western_name_in_arabic_script_matches_its_latin_spelling() -> None:
    assert compare_names("Mannerheim", "مانرهايم", "individual").is_match


def test_the_arabic_article_written_in_arabic_script_is_not_a_given_name() -> None:
    assert compare_names("Malkawi", "الملكاوي", "individual").is_match


def test_a_short_name_pairs_by_its_written_long_vowels() -> None:
    assert compare_names("Rory", "روري", "individual").is_match


def test_persian_letters_read_as_their_sounds() -> None:
    # گ is g, پ is p (one class with b: Arabic has no p).
    assert compare_names("Googoosh", "گوگوش", "individual").is_match


def test_unrelated_names_with_other_consonants_do_not_pair() -> None:
    assert not compare_names("Packard", "مانرهايم", "individual").is_match
    assert not compare_names("Rory", "نوي", "individual").is_match


def test_a_listed_latin_name_shares_a_key_with_its_arabic_spelling() -> None:
    listed = name_keys(prepare_name("Mannerheim", "individual"))
    query = name_keys(prepare_name("مانرهايم", "individual"), query=True)
    assert any(k.startswith("q:") for k in listed & query)
