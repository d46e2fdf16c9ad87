"""Stored screening runs, API tokens and decisions on hits: the services, on a real database."""

from __future__ import annotations

import pytest
from flask import current_app
from sqlalchemy import delete, select, update

from app.extensions import db
from app.models import DecisionsAreAppendOnly, HitDecision, User
from app.runners import run_import, screening_settings
from app.services import accounts, api_tokens, decisions, list_versions, screening
from app.services import screening_records as records
from app.services.audit import CLI
from app.services.linking import link_settings, link_sources
from tests.builders import sdn_row, write_ofac_set


def _user(email: str = "analyst@example.org", role: str = "analyst") -> User:
    return accounts.create_user(db.session, email, "correct horse battery staple", role, 12, CLI)


def _screen(user: User, *names: dict) -> str:
    settings = screening_settings()
    rows = [screening.row_from_json(i, item, 300) for i, item in enumerate(names)]
    screened = [
        r for chunk in screening.screen_in_session(db.session, rows, settings, 50) for r in chunk
    ]
    versions = [v.as_dict() for v in list_versions.list_versions(db.session)]
    run = records.store_run(
        db.session,
        user=user,
        origin="api",
        label="test",
        screened=screened,
        threshold=settings.threshold,
        list_versions=versions,
    )
    return run.id


def _ofac(tmp_path, name: str, folder: str = "v1", **extra) -> None:
    run_import("ofac-csv", write_ofac_set(tmp_path / folder, [sdn_row(101, name, **extra)]))


def _hit(document: dict) -> dict:
    return document["rows"][0]["hits"][0]


def _decide(user: User, document: dict, decision: str = "false_positive") -> HitDecision:
    row, hit = document["rows"][0], _hit(document)
    stored = records.find_hit(
        db.session, records.get_run(db.session, document["id"]), hit["hit_id"]
    )
    return decisions.record_decision(
        db.session,
        client_key=row["client_key"],
        subject_key=stored[0].subject_key,
        decision=decision,
        reason="Different person: born 1990",
        user=user,
        reason_max_length=2000,
        run_id=document["id"],
        hit_id=hit["hit_id"],
    )


def test_a_token_finds_its_account_and_only_its_hash_is_stored(app):
    user = _user()
    token, text = api_tokens.create_token(db.session, user, "batch client")
    assert api_tokens.user_for_token(db.session, text).id == user.id
    assert text not in (token.token_hash, token.prefix) and len(text) > 40


def test_a_revoked_token_finds_no_account(app):
    user = _user()
    token, text = api_tokens.create_token(db.session, user, "batch client")
    assert api_tokens.revoke(db.session, token.id, user)
    assert api_tokens.user_for_token(db.session, text) is None


def test_a_token_records_its_last_use(app):
    user = _user()
    token, text = api_tokens.create_token(db.session, user, "batch client")
    api_tokens.user_for_token(db.session, text)
    assert db.session.get(type(token), token.id).last_used_at is not None


def test_a_stored_run_keeps_input_hits_scores_and_list_versions(app, tmp_path):
    _ofac(tmp_path, "KARIMOV, Rustam")
    document = records.run_document(
        db.session, _screen(_user(), {"name": "Rustam Karimov", "reference": "C-1"})
    )
    assert document["status"] == "done"
    assert document["rows"][0]["input"]["reference"] == "C-1"
    assert _hit(document)["score"] >= 0.9 and _hit(document)["why"]
    assert [v["source"] for v in document["lists"]] == ["ofac-sdn"]
    assert document["matcher_version"]["keys_fingerprint"]


def test_a_decided_hit_comes_back_decided_on_the_next_run(app, tmp_path):
    _ofac(tmp_path, "KARIMOV, Rustam")
    user = _user()
    _decide(
        user,
        records.run_document(
            db.session, _screen(user, {"name": "Rustam Karimov", "reference": "C-1"})
        ),
    )
    again = records.run_document(
        db.session, _screen(user, {"name": "Rustam KARIMOV", "reference": "c-1"})
    )
    assert _hit(again)["review_state"] == "decided"
    assert _hit(again)["decision"]["decision"] == "false_positive"


def test_a_new_name_after_the_decision_reopens_the_hit_naming_it(app, tmp_path):
    _ofac(tmp_path, "KARIMOV, Rustam")
    user = _user()
    _decide(user, records.run_document(db.session, _screen(user, {"name": "Rustam Karimov"})))
    run_import(
        "ofac-csv",
        write_ofac_set(
            tmp_path / "v2",
            [sdn_row(101, "KARIMOV, Rustam")],
            alt=['101,1,"aka","KARIMOFF, Rustem",-0- \r\n'],
        ),
    )
    again = records.run_document(db.session, _screen(user, {"name": "Rustam Karimov"}))
    assert _hit(again)["review_state"] == "changed"
    assert any("KARIMOFF" in c for c in _hit(again)["changes_since_decision"])


def test_with_four_eyes_a_false_positive_waits_for_a_second_reviewer(app, tmp_path):
    _ofac(tmp_path, "KARIMOV, Rustam")
    first, second = _user(), _user("second@example.org")
    run_id = _screen(first, {"name": "Rustam Karimov"})
    _decide(first, records.run_document(db.session, run_id))
    assert _hit(records.run_document(db.session, run_id, four_eyes=True))["review_state"] == (
        "awaiting_confirmation"
    )
    _decide(second, records.run_document(db.session, run_id))
    hit = _hit(records.run_document(db.session, run_id, four_eyes=True))
    assert (hit["review_state"], hit["decision"]["confirmed_by"]) == ("decided", second.email)


def test_a_reason_is_required(app, tmp_path):
    _ofac(tmp_path, "KARIMOV, Rustam")
    user = _user()
    document = records.run_document(db.session, _screen(user, {"name": "Rustam Karimov"}))
    with pytest.raises(decisions.DecisionError, match="reason"):
        decisions.record_decision(
            db.session,
            client_key=document["rows"][0]["client_key"],
            subject_key="designation:1",
            decision="escalated",
            reason="  ",
            user=user,
            reason_max_length=2000,
        )


def test_decisions_cannot_be_changed_or_deleted(app, tmp_path):
    _ofac(tmp_path, "KARIMOV, Rustam")
    user = _user()
    entry = _decide(
        user, records.run_document(db.session, _screen(user, {"name": "Rustam Karimov"}))
    )
    with pytest.raises(DecisionsAreAppendOnly):
        db.session.execute(update(HitDecision).values(reason="changed"))
    db.session.rollback()
    with pytest.raises(DecisionsAreAppendOnly):
        db.session.execute(delete(HitDecision).where(HitDecision.id == entry.id))
    db.session.rollback()
    assert db.session.scalars(select(HitDecision.reason)).all() == ["Different person: born 1990"]


def test_the_client_key_is_the_reference_or_the_name_and_birth_date():
    assert decisions.client_key({"reference": " C 1 ", "name": "X"}) == "ref:c 1"
    assert decisions.client_key({"name": "Rustam  KARIMOV", "birth_date": "1970"}) == (
        decisions.client_key({"name": "rustam karimov", "birth_date": "1970"})
    )


def test_a_new_list_for_the_subject_reopens_the_hit_naming_the_list(app, tmp_path):
    _ofac(tmp_path, "KARIMOV, Rustam")
    user = _user()
    _decide(user, records.run_document(db.session, _screen(user, {"name": "Rustam Karimov"})))
    uk = tmp_path / "uk.csv"
    uk.write_text(
        "Unique ID,OFSI Group ID,Name,Regime Name,Type,Designation source,Date Designated,"
        "Sanctions Imposed\r\nGHR0001,1,Rustam KARIMOV,Global Human Rights,Individual,UK,"
        '06-07-2020,"Asset freeze"\r\n',
        encoding="utf-8",
    )
    run_import("uk-csv", uk)
    link_sources(db.session, ["uk-sanctions-list"], link_settings(current_app.config))
    hit = _hit(records.run_document(db.session, _screen(user, {"name": "Rustam Karimov"})))
    assert [s["source"] for s in hit["subject"]["source_refs"]] == ["ofac-sdn", "uk-sanctions-list"]
    assert hit["review_state"] == "changed"
    assert any("uk-sanctions-list" in c for c in hit["changes_since_decision"])
