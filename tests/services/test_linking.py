"""One person, several lists: linking designations across sources."""

from __future__ import annotations

import pytest
from flask import current_app
from sqlalchemy import delete, func, select

from app.extensions import db
from app.models import SubjectLink, SubjectMember
from app.services import audit
from app.services.linking import LinkSettings, classify, decide, link_settings, link_source

SETTINGS = LinkSettings(propose_score=0.8, sure_score=0.95, candidate_limit=200)


@pytest.mark.parametrize(
    ("name_score", "births", "countries", "unambiguous", "expected"),
    [
        (1.0, "same", "same", False, "linked"),
        (0.96, "compatible", "same", False, "linked"),
        (0.96, "unknown", "unknown", True, "linked"),
        (0.96, "unknown", "unknown", False, "proposed"),
        (0.96, "same", "different", True, "proposed"),
        (0.85, "same", "same", True, "proposed"),
        (1.0, "conflict", "same", True, None),
        (0.7, "same", "same", True, None),
    ],
)
def test_classify_links_only_what_the_evidence_makes_sure(
    name_score, births, countries, unambiguous, expected
):
    assert classify(name_score, births, countries, unambiguous, SETTINGS) == expected


def _search(client, q):
    return client.get("/api/v1/search", query_string={"q": q}).get_json()["results"]


def test_same_person_on_four_lists_is_one_result_with_every_reference(seeded_client):
    results = _search(seeded_client, "Droganov Aleksey")
    droganov = [r for r in results if "DROGANOV" in r["name"].upper()]
    assert len(droganov) == 1
    sources = {ref["source"] for ref in droganov[0]["source_refs"]}
    assert sources == {"ofac-sdn", "uk-sanctions-list", "ca-sema-jvcfoa", "au-dfat-consolidated"}
    assert len(droganov[0]["linked_designations"]) == 3


def test_result_carries_the_jurisdiction_by_measure_grid(seeded_client):
    result = _search(seeded_client, "Kuznetsov Artem")[0]
    grid = {(cell["jurisdiction"], cell["measure"]) for cell in result["sanctions_by_jurisdiction"]}
    assert ("US", "asset_freeze") in grid and ("US", "visa_ban") in grid
    assert ("CA", "asset_freeze") in grid and ("CA", "entry_ban") in grid
    assert any(j == "UK" for j, _ in grid)


def test_rerunning_linking_changes_nothing(seeded_app):
    before = db.session.scalar(select(func.count(SubjectLink.id)))
    summary = link_source(db.session, "uk-sanctions-list", link_settings(current_app.config))
    assert (summary.linked, summary.proposed) == (0, 0)
    assert db.session.scalar(select(func.count(SubjectLink.id))) == before


def test_an_editors_rejection_survives_a_rerun_and_splits_the_subject(seeded_app):
    link = db.session.scalars(select(SubjectLink).where(SubjectLink.status == "linked")).first()
    decide(db.session, link.id, confirm=False, actor=audit.Actor("editor@example.org"))
    link_source(db.session, "uk-sanctions-list", link_settings(current_app.config))
    link_source(db.session, "ca-sema-jvcfoa", link_settings(current_app.config))
    assert db.session.get(SubjectLink, link.id).status == "rejected"
    assert db.session.get(SubjectLink, link.id).decided_by == "editor@example.org"


def test_confirming_a_proposal_joins_the_subject_and_is_audited(seeded_app):
    proposal = db.session.scalars(
        select(SubjectLink).where(SubjectLink.status == "proposed")
    ).first()
    assert proposal is not None
    decide(db.session, proposal.id, confirm=True, actor=audit.Actor("editor@example.org"))
    members = dict(
        db.session.execute(select(SubjectMember.designation_id, SubjectMember.subject_id)).all()
    )
    assert members[proposal.designation_a_id] == members[proposal.designation_b_id]
    history = audit.public_history(db.session, proposal.designation_a_id)
    assert any("link" in item.action.lower() for item in history)


def test_two_lists_stating_the_same_birth_year_agree():
    from datetime import date

    from app.services.linking import _birth_relation, _Facts

    year = (date(1965, 1, 1), date(1965, 12, 31))
    circa = (date(1963, 1, 1), date(1967, 12, 31))
    assert (
        _birth_relation(
            _Facts("individual", [], [year], set()), _Facts("individual", [], [year], set())
        )
        == "same"
    )
    assert (
        _birth_relation(
            _Facts("individual", [], [year], set()), _Facts("individual", [], [circa], set())
        )
        == "compatible"
    )


def test_a_decision_is_committed_by_the_service(seeded_app):
    link = db.session.scalars(select(SubjectLink).where(SubjectLink.status == "linked")).first()
    decide(db.session, link.id, confirm=False, actor=audit.Actor("editor@example.org"))
    db.session.rollback()  # nothing left for the caller to commit
    assert db.session.get(SubjectLink, link.id).status == "rejected"


def test_the_link_command_commits_what_it_links(seeded_app):
    db.session.execute(delete(SubjectMember))
    db.session.execute(delete(SubjectLink))
    db.session.commit()
    result = seeded_app.test_cli_runner().invoke(args=["link", "--source", "uk-sanctions-list"])
    assert result.exit_code == 0, result.output
    db.session.rollback()
    assert db.session.scalar(select(func.count(SubjectLink.id))) > 0
