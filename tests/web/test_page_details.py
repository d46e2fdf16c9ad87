"""Small things a new user met on the public pages (issue 10): icon, credits, labels, plurals."""

from __future__ import annotations

from app.extensions import db
from app.models import Program
from app.runners import run_import
from tests.builders import sdn_row, write_ofac_set


def test_the_favicon_is_served_with_a_long_cache(client, app):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200
        assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert response.cache_control.max_age == app.config["FAVICON_MAX_AGE_SECONDS"] >= 86400


def test_every_page_points_at_the_favicon(client):
    assert '<link rel="icon" href="/favicon.ico"' in client.get("/about").get_data(as_text=True)


def test_the_footer_credits_the_un_list(client):
    assert "United Nations Security Council Consolidated List" in client.get("/").get_data(
        as_text=True
    )


def test_a_program_named_by_its_code_is_not_labelled_twice(app, client):
    db.session.add(Program(code="UN GB", name="UN GB", jurisdiction="UN", default_measures=[]))
    db.session.add(Program(code="MAGNIT", name="Magnitsky Act", jurisdiction="US"))
    db.session.commit()
    page = client.get("/search?q=x").get_data(as_text=True)
    assert ">UN GB</option>" in page and "UN GB — UN GB" not in page
    assert ">MAGNIT — Magnitsky Act</option>" in page


def test_the_screen_form_has_no_accept_none_and_a_styled_button(client):
    page = client.get("/screen").get_data(as_text=True)
    assert 'accept="None"' not in page
    assert 'accept=".csv,text/csv"' in page
    assert 'class="primary" id="submit" name="submit" type="submit" value="Screen"' in page


def test_submit_inputs_are_styled_like_buttons(client):
    with client.get("/static/style.css") as response:
        css = response.get_data(as_text=True)
    assert "input[type=submit]" in css


def test_one_individual_is_not_one_individuals(app, client, tmp_path):
    run_import("ofac-csv", write_ofac_set(tmp_path / "ofac", [sdn_row(1, "SOLO, Han")]))
    page = client.get("/").get_data(as_text=True)
    assert "<strong>1</strong> active designation\n" in page
    assert "1 in all, 1 individual</small>" in page


def test_counts_in_words_take_the_singular_for_one():
    from app.wording import counted

    assert [counted(n, "row") for n in (0, 1, 2, 1234)] == [
        "0 rows",
        "1 row",
        "2 rows",
        "1,234 rows",
    ]
    assert (
        counted(1, "entry", "entries") == "1 entry"
        and counted(3, "entry", "entries") == "3 entries"
    )
