"""The search page's identification number field."""

from __future__ import annotations


def _page(client, **params):
    response = client.get("/search", query_string=params)
    return response.status_code, response.get_data(as_text=True)


def test_the_search_form_offers_an_identification_number_field(seeded_client):
    _status, html = _page(seeded_client)
    assert 'name="id_number"' in html
    assert 'name="id_country"' in html


def test_a_passport_number_alone_shows_its_holder_as_an_exact_match(seeded_client):
    status, html = _page(seeded_client, id_number="ad 005-831")
    assert status == 200
    assert "MNANGAGWA, Emmerson Dambudzo" in html
    assert "Exact identification number match" in html


def test_the_numbers_holder_is_listed_before_name_only_matches(seeded_client):
    _status, html = _page(seeded_client, id_number="DB0009084", q="Emmerson Mnangagwa")
    assert html.index("GERTLER, Dan") < html.index("MNANGAGWA, Emmerson Dambudzo")
    assert "name match only" in html
    assert "is not one of this holder's names" in html


def test_a_number_nobody_holds_says_so(seeded_client):
    _status, html = _page(seeded_client, id_number="ZZ9999999")
    assert "No listed subject holds the identification number" in html


def test_a_number_too_short_is_refused_with_a_message_at_the_field(seeded_client):
    status, html = _page(seeded_client, id_number="1")
    assert status == 400
    assert 'id="id-number-error"' in html
