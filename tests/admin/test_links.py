"""Editors review the links between lists: confirm or reject, audited, CSRF-protected."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, SubjectLink
from tests.admin.helpers import page_token, signed_in


def _proposal(app) -> SubjectLink:
    with app.app_context():
        link = db.session.scalars(
            select(SubjectLink).where(SubjectLink.status == "proposed")
        ).first()
        db.session.expunge(link)
        return link


def test_proposed_pairs_are_listed_for_editors(seeded_admin_app):
    client = signed_in(seeded_admin_app, "editor")
    page = client.get("/admin/links").get_data(as_text=True)
    assert "Same subject on several lists" in page
    assert "Same subject: link" in page


def test_confirming_a_pair_links_it_and_records_who(seeded_admin_app):
    admin_app = seeded_admin_app
    proposal = _proposal(admin_app)
    client = signed_in(admin_app, "editor")
    token = page_token(client, "/admin/links")
    response = client.post(
        f"/admin/links/{proposal.id}", data={"csrf_token": token, "confirm": "1"}
    )
    assert response.status_code == 302
    with admin_app.app_context():
        link = db.session.get(SubjectLink, proposal.id)
        assert (link.status, link.method) == ("linked", "editor")
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "link-confirm")
        ).all()
        assert {e.designation_id for e in entries} == {link.designation_a_id, link.designation_b_id}
        assert all(e.actor == link.decided_by for e in entries)


def test_a_decision_without_the_csrf_token_is_refused(seeded_admin_app):
    admin_app = seeded_admin_app
    proposal = _proposal(admin_app)
    client = signed_in(admin_app, "editor")
    response = client.post(f"/admin/links/{proposal.id}", data={"reject": "1"})
    assert response.status_code == 400
    with admin_app.app_context():
        assert db.session.get(SubjectLink, proposal.id).status == "proposed"


def test_a_proposal_whose_sides_are_already_one_subject_says_so_with_the_path(seeded_admin_app):
    with seeded_admin_app.app_context():
        from app.services.subjects import link_contexts

        proposals = db.session.scalars(
            select(SubjectLink).where(SubjectLink.status == "proposed")
        ).all()
        moot = [i for i, c in link_contexts(db.session, proposals).items() if c.path]
    assert moot  # the seed has pairs joined through a third list (DROGANOV through Canada)
    client = signed_in(seeded_admin_app, "editor")
    page = client.get("/admin/links").get_data(as_text=True)
    assert "Already one subject" in page and "joined through" in page


def test_rejecting_a_pair_joined_through_a_third_list_holds_the_weaker_link_back(
    seeded_admin_app,
):
    from app.models import SourceRef, SubjectMember

    with seeded_admin_app.app_context():
        us = db.session.scalar(select(SourceRef.designation_id).where(SourceRef.ref == "15886"))
        subject = db.session.scalar(
            select(SubjectMember.subject_id).where(SubjectMember.designation_id == us)
        )
        members = db.session.scalars(
            select(SubjectMember.designation_id).where(SubjectMember.subject_id == subject)
        ).all()
        direct = db.session.scalars(
            select(SubjectLink).where(
                (SubjectLink.designation_a_id == us) | (SubjectLink.designation_b_id == us),
                SubjectLink.status == "linked",
            )
        ).first()
    assert len(members) == 4 and direct is not None  # US, UK, Canada, Australia
    client = signed_in(seeded_admin_app, "editor")
    token = page_token(client, "/admin/links")
    client.post(
        f"/admin/links/{direct.id}?status=linked", data={"csrf_token": token, "reject": "1"}
    )
    with seeded_admin_app.app_context():
        other = {direct.designation_a_id, direct.designation_b_id} - {us}
        assert db.session.scalar(
            select(SubjectMember.subject_id).where(SubjectMember.designation_id == us)
        ) != db.session.scalar(
            select(SubjectMember.subject_id).where(SubjectMember.designation_id == other.pop())
        )
    page = client.get("/admin/links").get_data(as_text=True)
    assert "Held back" in page and "which an editor said are different" in page
