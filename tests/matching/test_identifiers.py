"""Identification numbers reduce to one key; identifier types to one kind of number."""

from __future__ import annotations

import pytest

from app.matching.identifiers import identifier_category, identifier_key


@pytest.mark.parametrize(
    "written", ["AB 123-456", "ab123456", "AB.123.456", "ab/123/456", "ＡＢ１２３４５６"]
)
def test_spaces_dashes_punctuation_case_and_width_are_ignored(written):
    assert identifier_key(written) == "ab123456"


def test_an_imo_prefix_before_seven_digits_is_dropped():
    assert identifier_key("IMO 9187629") == identifier_key("9187629") == "9187629"


def test_nothing_to_key_gives_an_empty_key():
    assert identifier_key(" - ") == identifier_key(None) == ""


@pytest.mark.parametrize(
    ("id_type", "category"),
    [
        ("Passport", "passport"),
        ("Diplomatic Passport", "passport"),
        ("Tax ID No.", "tax"),
        ("V.A.T. Number", "tax"),
        ("IMO", "imo"),
        ("Registration Number", "registration"),
        ("National ID No.", "id"),
        ("Branch Unit Number", "id"),  # "unit" is not the tax id "NIT"
        ("Vessel Flag", "vessel_flag"),
    ],
)
def test_identifier_types_name_their_kind_of_number(id_type, category):
    assert identifier_category(id_type) == category
