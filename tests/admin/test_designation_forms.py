"""Entering designations through the admin forms (CSRF on)."""

from __future__ import annotations

from html import unescape

from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import AuditEntry, Designation
from app.services.designations import get_designation
from tests.admin.helpers import csrf_token, designation_form, page_token, signed_in
from tests.builders import create_designation

NEW = "/admin/designations/new"


def _create(client: FlaskClient, **fields: str):
    token = page_token(client, NEW)
    return client.post(NEW, data=designation_form(token, save_anyway="Save anyway", **fields))


def _created_id(response) -> int:  # noqa: ANN001
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    return int(response.headers["Location"].split("/")[-2])


def _load(app: Flask, designation_id: int) -> Designation:
    with app.app_context():
        designation = get_designation(db.session, designation_id)
        db.session.expunge_all()
        return designation


def test_a_new_designation_is_saved_with_aliases_and_measures(seeded_admin_app: Flask) -> None:
    client = signed_in(seeded_admin_app)
    response = _create(
        client,
        **{
            "names-0-full_name": "Ivan Testoff",
            "names-1-full_name": "Иван Тестов",
            "names-1-name_type": "aka",
            "names-1-quality": "weak",
            "names-1-script": "",
            "birth_dates-0-text": "circa 1960",
            "nationalities-0-country": "RU",
            "programs": "GLOMAG",
            "measures-0-program": "GLOMAG",
            "measures-0-start_date": "2024-03-01",
            "measures-1-measure_type": "visa_ban",
            "measures-1-jurisdiction": "US",
            "measures-1-program": "GLOMAG",
            "measures-1-start_date": "2024-03-01",
            "measures-1-end_date": "",
        },
    )
    d = _load(seeded_admin_app, _created_id(response))
    assert [n.full_name for n in d.names] == [
        "Testov, Ivan Petrovich",
        "Ivan Testoff",
        "Иван Тестов",
    ]
    assert d.names[2].script == "Cyrillic"
    assert d.names[2].quality == "weak"
    assert {m.measure_type for m in d.measures} == {"asset_freeze", "visa_ban"}
    assert d.nationalities[0].country == "Russia"
    assert d.birth_dates[0].earliest.year == 1958


def test_a_new_name_is_findable_as_soon_as_it_is_saved(seeded_admin_app: Flask) -> None:
    client = signed_in(seeded_admin_app)
    _created_id(_create(client, primary_name="Zwiebelhuber, Korbinian"))
    html = client.get("/search?q=Zwiebelhuber+Korbinan").get_data(as_text=True)
    assert "Zwiebelhuber, Korbinian" in html


def test_possible_duplicates_are_shown_before_saving(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    existing = "Dupov, Ivan"
    with admin_app.app_context():
        create_designation(existing)
    token = page_token(client, NEW)
    response = client.post(NEW, data=designation_form(token, primary_name="Ivan Dupov"))
    html = response.get_data(as_text=True)
    assert "Possible duplicates" in html and existing in html
    assert 'name="save_anyway"' in html
    with admin_app.app_context():
        assert (
            db.session.scalar(
                db.select(db.func.count()).where(Designation.primary_name == existing)
            )
            == 1
        )


def test_save_anyway_creates_despite_possible_duplicates(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    with admin_app.app_context():
        existing = create_designation("Dupov, Ivan", aliases=["Ivan Dupoff"]).id
    created = _created_id(_create(client, primary_name="Dupov, Ivan"))
    assert created != existing
    with admin_app.app_context():
        names = db.session.scalars(
            db.select(Designation.id).where(Designation.primary_name == "Dupov, Ivan")
        ).all()
        assert sorted(names) == [existing, created]


def test_a_rejected_form_keeps_what_was_typed_and_says_why(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    token = page_token(client, NEW)
    response = client.post(
        NEW,
        data=designation_form(
            token,
            primary_name="Keep Me Typed",
            **{
                "birth_dates-0-text": "sometime in spring",
                "names-0-full_name": "Alias Kept",
                "measures-0-start_date": "2024-05-01",
                "measures-0-end_date": "2024-01-01",
                "identifiers-0-id_type": "IMO",
                "identifiers-0-number": "9176186",
                "nationalities-0-country": "Narnia",
            },
        ),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="Keep Me Typed"' in html and 'value="Alias Kept"' in html
    assert "Unreadable date" in html
    assert "end date must be after the start date" in html
    assert "not a valid IMO number" in html
    assert "unknown country" in html
    with admin_app.app_context():
        assert db.session.scalar(db.select(db.func.count(Designation.id))) == 0


def test_a_valid_imo_number_is_accepted(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    response = _create(
        client,
        kind="vessel",
        primary_name="SEA TESTER",
        **{"identifiers-0-id_type": "IMO", "identifiers-0-number": "9176187"},
    )
    _created_id(response)


def test_a_duplicate_alias_is_refused(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    response = _create(
        client,
        **{"names-0-full_name": "Same Alias", "names-1-full_name": "same alias"},
    )
    assert response.status_code == 400
    assert "already given above" in response.get_data(as_text=True)


def test_add_another_appends_a_row_without_saving(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    token = page_token(client, NEW)
    response = client.post(
        NEW,
        data=designation_form(token, add_names="Add another name", **{"names-0-full_name": "A"}),
    )
    html = response.get_data(as_text=True)
    assert 'name="names-1-full_name"' in html
    assert 'value="A"' in html
    with admin_app.app_context():
        assert db.session.scalar(db.select(db.func.count(Designation.id))) == 0


def test_remove_drops_that_row_only(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    token = page_token(client, NEW)
    data = designation_form(
        token,
        **{
            "names-0-full_name": "Gone",
            "names-0-remove": "Remove",
            "names-1-full_name": "Stays",
            "names-1-name_type": "aka",
            "names-1-quality": "strong",
            "names-1-script": "",
        },
    )
    html = client.post(NEW, data=data).get_data(as_text=True)
    assert 'value="Stays"' in html and 'value="Gone"' not in html


def test_script_and_sql_in_fields_are_stored_and_shown_as_text(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    nasty = "<script>alert(1)</script>'; DROP TABLE designations; --"
    response = _create(
        client,
        primary_name=nasty,
        remarks=nasty,
        titles=nasty,
        **{"names-0-full_name": nasty + " 2", "birth_places-0-place": nasty},
    )
    designation_id = _created_id(response)
    for path in (f"/designations/{designation_id}", f"/admin/designations/{designation_id}/edit"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert _load(admin_app, designation_id).primary_name == nasty


def _hidden(html: str, name: str) -> str:
    value = html.split(f'id="{name}" name="{name}" type="hidden" value="')[1].split('"')[0]
    return unescape(value)


def _edit(client: FlaskClient, designation_id: int, **fields: str):
    path = f"/admin/designations/{designation_id}/edit"
    html = client.get(path).get_data(as_text=True)
    base = {"version": _hidden(html, "version"), "base": _hidden(html, "base")}
    data = designation_form(csrf_token(html), **{**base, **fields})
    return client, path, data


def test_an_edit_is_saved_and_audited_field_by_field(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    designation_id = _created_id(_create(client))
    client, path, data = _edit(client, designation_id, primary_name="Testov, Ivan P.")
    assert client.post(path, data=data).status_code == 302
    assert _load(admin_app, designation_id).primary_name == "Testov, Ivan P."
    with admin_app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "update"))
        assert entry.actor == "editor@example.org"
        assert entry.changes["primary_name"] == ["Testov, Ivan Petrovich", "Testov, Ivan P."]


def _conflict(app: Flask, created: dict, first_edit: dict, second_edit: dict):
    """Two editors open one designation; the first saves ``first_edit``, then the second
    posts ``second_edit``. Returns the second's client, path, posted data, response, id."""
    first = signed_in(app)
    designation_id = _created_id(_create(first, **created))
    second = signed_in(app, email="other@example.org")
    first, path, first_data = _edit(first, designation_id, **first_edit)
    second, _, second_data = _edit(second, designation_id, **second_edit)
    assert first.post(path, data=first_data).status_code == 302
    return second, path, second_data, second.post(path, data=second_data), designation_id


def test_a_second_concurrent_edit_gets_a_conflict_page_and_keeps_its_input(
    admin_app: Flask,
) -> None:
    *_, response, designation_id = _conflict(
        admin_app, {}, {"primary_name": "First Edit"}, {"primary_name": "Second Edit"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "First Edit" in html and 'value="Second Edit"' in html
    assert _load(admin_app, designation_id).primary_name == "First Edit"


def test_saving_the_merged_conflict_form_succeeds(admin_app: Flask) -> None:
    second, path, second_data, response, designation_id = _conflict(
        admin_app, {}, {"primary_name": "First Edit"}, {"primary_name": "Second Edit"}
    )
    html = response.get_data(as_text=True)
    second_data.update(version=_hidden(html, "version"), csrf_token=csrf_token(html))
    assert second.post(path, data=second_data).status_code == 302
    assert _load(admin_app, designation_id).primary_name == "Second Edit"


def test_a_conflict_keeps_the_fields_only_the_other_editor_changed(admin_app: Flask) -> None:
    *_, response, _ = _conflict(
        admin_app,
        {"remarks": "Old remarks."},
        {"remarks": "New remarks."},
        {"remarks": "Old remarks.", "birth_dates-0-text": "1970"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "No field was changed by both of you" in html
    merged_remarks = html.split('name="remarks"')[1].split(">", 1)[1].split("</textarea>")[0]
    assert merged_remarks.strip() == "New remarks."
    assert 'name="birth_dates-0-text" type="text" value="1970"' in html


def test_a_field_both_editors_changed_is_a_conflict_to_decide(admin_app: Flask) -> None:
    *_, response, _ = _conflict(admin_app, {}, {"remarks": "Mine."}, {"remarks": "Theirs."})
    html = response.get_data(as_text=True)
    assert "1 field changed by both of you" in html
    assert "Both changed it: decide" in html


def test_a_control_character_in_a_name_is_refused_naming_the_field(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    response = _create(client, primary_name="Nul\x00Byte, Ivan")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Primary name: contains the control character U+0000" in html
    with admin_app.app_context():
        assert db.session.scalar(db.select(db.func.count(Designation.id))) == 0


def test_a_control_character_in_a_row_field_is_refused(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    response = _create(client, **{"addresses-0-city": "Omsk\x07"})
    assert response.status_code == 400
    assert "City: contains the control character U+0007" in response.get_data(as_text=True)


def test_a_record_number_beyond_64_bits_is_a_form_error(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    response = _create(
        client, **{"links-0-target_name": "Someone", "links-0-target_id": str(2**70)}
    )
    assert response.status_code == 400
    assert "Give a record number." in response.get_data(as_text=True)


def test_a_tampered_version_field_is_a_form_error(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    designation_id = _created_id(_create(client))
    for version in ("²", str(2**70)):
        client, path, data = _edit(client, designation_id, version=version)
        response = client.post(path, data=data)
        assert response.status_code == 400
        assert "lost track of the record" in response.get_data(as_text=True)


def test_the_audit_filter_answers_a_huge_designation_number_without_error(
    admin_app: Flask,
) -> None:
    client = signed_in(admin_app)
    response = client.get(f"/admin/audit?designation={2**70}")
    assert response.status_code == 400
    assert "Give a record number." in response.get_data(as_text=True)


def _delist(client: FlaskClient, designation_id: int, **fields: str):
    path = f"/admin/designations/{designation_id}/delist"
    html = client.get(path).get_data(as_text=True)
    version = html.split('id="version" name="version" type="hidden" value="')[1].split('"')[0]
    data = {
        "csrf_token": csrf_token(html),
        "version": version,
        "delisted_on": "2025-06-01",
        "reason": "Court ruling",
        "reference": "90 FR 12345",
    }
    data.update(fields)
    return client.post(path, data=data)


def test_delisting_keeps_the_record_and_ends_its_measures(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    designation_id = _created_id(_create(client, **{"measures-0-start_date": "2024-01-01"}))
    assert _delist(client, designation_id).status_code == 302
    d = _load(admin_app, designation_id)
    assert (d.status, d.delisted_on.isoformat()) == ("delisted", "2025-06-01")
    assert (d.delisting_reason, d.delisting_reference) == ("Court ruling", "90 FR 12345")
    assert [(m.status, m.end_date.isoformat()) for m in d.measures] == [("ended", "2025-06-01")]
    assert client.get(f"/designations/{designation_id}").status_code == 200


def test_delisting_needs_a_reason_and_a_reference(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    designation_id = _created_id(_create(client))
    response = _delist(client, designation_id, reason="", reference="")
    assert response.status_code == 400
    assert "Give the reason" in response.get_data(as_text=True)


def test_delisting_before_the_listing_date_is_refused(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    designation_id = _created_id(_create(client, listed_on="2025-01-01"))
    response = _delist(client, designation_id, delisted_on="2024-01-01")
    assert response.status_code == 400
    assert "on or after the listing date" in response.get_data(as_text=True)


def test_a_delisted_designation_can_be_relisted(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    designation_id = _created_id(_create(client, **{"measures-0-start_date": "2024-01-01"}))
    _delist(client, designation_id)
    path = f"/admin/designations/{designation_id}/relist"
    html = client.get(path).get_data(as_text=True)
    version = html.split('id="version" name="version" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        path, data={"csrf_token": csrf_token(html), "version": version, "note": "Error"}
    )
    assert response.status_code == 302
    d = _load(admin_app, designation_id)
    assert (d.status, d.delisted_on) == ("active", None)
    assert [(m.status, m.end_date) for m in d.measures] == [("active", None)]


def test_relisting_without_a_reason_is_refused(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    designation_id = _created_id(_create(client))
    _delist(client, designation_id)
    path = f"/admin/designations/{designation_id}/relist"
    html = client.get(path).get_data(as_text=True)
    response = client.post(
        path,
        data={"csrf_token": csrf_token(html), "version": _hidden(html, "version"), "note": " "},
    )
    assert response.status_code == 400
    assert "Give the reason for re-listing." in response.get_data(as_text=True)
    assert _load(admin_app, designation_id).status == "delisted"


def test_the_public_page_shows_history_without_who(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    designation_id = _created_id(_create(client))
    _delist(client, designation_id)
    html = admin_app.test_client().get(f"/designations/{designation_id}").get_data(as_text=True)
    assert "History" in html and "Created" in html and "Delisted" in html
    assert "editor@example.org" not in html


def test_links_are_chosen_from_search_without_javascript(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    name = "Linkov, Pyotr"
    with admin_app.app_context():
        target_id = create_designation(name).id
    token = page_token(client, NEW)
    response = client.post(
        NEW,
        data=designation_form(token, find_links="Find", **{"links-0-target_name": name}),
    )
    assert f"record <strong>{target_id}</strong>" in response.get_data(as_text=True)


def test_the_lookup_answers_json(admin_app: Flask) -> None:
    client = signed_in(admin_app)
    with admin_app.app_context():
        target_id = create_designation("Lookupov, Gleb").id
    results = client.get("/admin/designations/lookup", query_string={"q": "Gleb Lookupov"})
    assert results.get_json()["results"][0] == {
        "id": target_id,
        "name": "Lookupov, Gleb",
        "score": 1.0,
    }


def test_a_measure_row_naming_only_a_program_is_kept(seeded_admin_app: Flask) -> None:
    client = signed_in(seeded_admin_app)
    response = _create(
        client, **{"measures-0-measure_type": "visa_ban", "measures-0-program": "GLOMAG"}
    )
    d = _load(seeded_admin_app, _created_id(response))
    assert [(m.measure_type, m.program.code) for m in d.measures] == [("visa_ban", "GLOMAG")]
