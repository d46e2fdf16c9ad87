"""Country names written with or without apostrophes compare equal."""

from app.matching import normalise_country


def test_apostrophe_in_a_country_name_does_not_split_the_word():
    assert normalise_country("Democratic People's Republic of Korea") == "kp"
    assert normalise_country("Korea, North") == "kp"
