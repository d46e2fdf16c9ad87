"""Normalisation: one normaliser turns spelling noise into the same tokens."""

from app.matching import prepare_name


def texts(name: str, kind: str | None = None) -> list[str]:
    return [t.text for t in prepare_name(name, kind).tokens]


def test_nfkc_case_and_diacritics_are_folded() -> None:
    assert texts("ＲＥＣＥＰ Tayyip ERDOĞAN") == ["recep", "tayyip", "erdogan"]


def test_punctuation_and_hyphens_split_words() -> None:
    assert texts("Jean-Marie Le-Pen") == texts("Jean Marie Le Pen")


def test_apostrophes_are_removed_inside_words() -> None:
    assert texts("MU'TASSIM") == ["mutassim"]


def test_ofac_surname_comma_given_order_is_turned_round() -> None:
    prepared = prepare_name("KUZNETSOV, Artem Dmitrievich", "individual")
    assert [t.text for t in prepared.tokens] == ["artem", "dmitrievich", "kuznetsov"]
    assert [t.text for t in prepared.tokens if t.surname] == ["kuznetsov"]
    assert prepared.surname_stated


def test_generational_suffix_after_comma_is_not_a_given_name() -> None:
    assert texts("RUBEN PESTANO LAVILLA, JR", "individual") == ["ruben", "pestano", "lavilla"]


def test_honorifics_and_titles_are_dropped() -> None:
    prepared = prepare_name("Mr. Dr. Ilie Bolojan", "individual")
    assert texts("Mr. Dr. Ilie Bolojan", "individual") == ["ilie", "bolojan"]
    assert prepared.dropped == ("mr", "dr")


def test_legal_forms_are_removed_and_recorded() -> None:
    prepared = prepare_name("OOO Oboronnye Initsiativy", "entity")
    assert [t.text for t in prepared.tokens] == ["oboronnye", "initsiativy"]
    assert prepared.legal_forms == ("llc",)


def test_legal_form_glued_to_the_name_is_split_off() -> None:
    assert texts("JSCARGUMENT", "entity") == texts("JSC ARGUMENT", "entity") == ["argument"]


def test_a_legal_form_alone_is_kept_as_the_name() -> None:
    assert texts("LLC", "entity") == ["llc"]


def test_number_words_are_read_as_digits() -> None:
    assert texts("Brigade Forty 4", "entity") == texts("Brigade 44", "entity")
    assert texts("Three Percenters", "entity") == ["3", "percenters"]


def test_dotted_acronyms_are_one_token_for_entities() -> None:
    assert texts("L.X.C. Aviation", "entity") == texts("LXC Aviation", "entity")


def test_camel_case_glued_words_are_split() -> None:
    assert texts("SiemensAG", "entity") == texts("Siemens AG", "entity")
    assert texts("McIver") == ["mciver"]


def test_cyrillic_is_transliterated_to_latin_tokens() -> None:
    assert texts("Артём Кузнецов") == ["artem", "kuznetsov"]
