"""Subjects from links: an editor's rejection is a constraint automatic links respect."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Designation, SourceRef, SubjectLink, SubjectMember
from app.services import audit
from app.services.linking import decide
from app.services.subject_graph import HELD_BACK, Edge, path, resolve
from app.services.subjects import link_contexts, rebuild_subjects

EDITOR = audit.Actor("editor@example.org")


def test_an_automatic_link_never_joins_a_pair_an_editor_rejected_through_a_third_list():
    us, uk, ca = 1, 2, 3
    resolution = resolve(
        [
            Edge(10, us, ca, "linked", "automatic", 0.99),
            Edge(11, uk, ca, "linked", "automatic", 0.97),
            Edge(12, us, uk, "rejected", "editor"),
        ]
    )
    assert resolution.same_subject(us, ca) and not resolution.same_subject(us, uk)
    assert [(edge.id, pair) for edge, pair in resolution.held_back] == [(11, (us, uk))]


def test_links_an_editor_confirmed_are_applied_before_automatic_ones():
    resolution = resolve(
        [
            Edge(10, 1, 3, "linked", "automatic", 0.99),
            Edge(11, 2, 3, "linked", "editor", 0.80),
            Edge(12, 1, 2, "rejected", "editor"),
        ]
    )
    assert resolution.same_subject(2, 3) and not resolution.same_subject(1, 3)
    assert [edge.id for edge, _pair in resolution.held_back] == [10]


def test_the_path_between_two_designations_goes_through_the_links():
    edges = [Edge(1, 1, 3, "linked", "automatic"), Edge(2, 3, 2, "linked", "automatic")]
    assert path(edges, 1, 2) == [1, 3, 2]
    assert path(edges, 1, 4) is None


def _listed(name: str, source: str, ref: str) -> Designation:
    designation = Designation(kind="individual", primary_name=name, status="active", titles=[])
    designation.source_refs.append(SourceRef(source=source, ref=ref))
    db.session.add(designation)
    return designation


def _three_lists() -> tuple[Designation, Designation, Designation]:
    us = _listed("DROGANOV, Aleksey", "ofac-sdn", "1")
    uk = _listed("DROGANOV Aleksei", "uk-sanctions-list", "RUS0001")
    ca = _listed("Aleksey Droganov", "ca-sema-jvcfoa", "CA-JVCFOA:1:1")
    db.session.flush()
    return us, uk, ca


def _link(a: Designation, b: Designation, status: str, score: float, method: str = "automatic"):
    low, high = sorted((a.id, b.id))
    link = SubjectLink(
        designation_a_id=low, designation_b_id=high, score=score, status=status, method=method
    )
    db.session.add(link)
    db.session.flush()
    return link


def _subject_of(designation: Designation) -> int | None:
    return db.session.scalar(
        select(SubjectMember.subject_id).where(SubjectMember.designation_id == designation.id)
    )


def test_a_held_back_link_becomes_a_proposal_that_shows_the_path(app):
    us, uk, ca = _three_lists()
    _link(us, ca, "linked", 0.99)
    held = _link(uk, ca, "linked", 0.97)
    _link(us, uk, "rejected", 1.0, method="editor")
    rebuild_subjects(db.session)
    assert (held.status, held.evidence[-1]) == ("proposed", HELD_BACK)
    assert _subject_of(us) == _subject_of(ca) and _subject_of(uk) is None
    context = link_contexts(db.session, [held])[held.id]
    assert context.kind == "held back"
    assert [d.id for d in context.path[1:-1]] == [ca.id]  # joined through CA
    assert {d.id for d in context.rejected} == {us.id, uk.id}


def test_a_proposal_already_one_subject_through_a_third_list_says_so(app):
    us, uk, ca = _three_lists()
    _link(us, ca, "linked", 0.99)
    _link(uk, ca, "linked", 0.97)
    proposal = _link(us, uk, "proposed", 0.9)
    rebuild_subjects(db.session)
    context = link_contexts(db.session, [proposal])[proposal.id]
    assert context.kind == "same subject"
    assert [d.id for d in context.path] == [us.id, ca.id, uk.id]


def test_confirming_a_proposal_already_one_subject_keeps_the_subject_as_it_is(app):
    us, uk, ca = _three_lists()
    _link(us, ca, "linked", 0.99)
    _link(uk, ca, "linked", 0.97)
    proposal = _link(us, uk, "proposed", 0.9)
    rebuild_subjects(db.session)
    before = {d.id: _subject_of(d) for d in (us, uk, ca)}
    decide(db.session, proposal.id, confirm=True, actor=EDITOR)
    assert (proposal.status, proposal.method) == ("linked", "editor")
    assert {d.id: _subject_of(d) for d in (us, uk, ca)} == before


def test_rejecting_a_proposal_already_one_subject_splits_it_at_the_weakest_automatic_link(app):
    us, uk, ca = _three_lists()
    strong = _link(us, ca, "linked", 0.99)
    weak = _link(uk, ca, "linked", 0.97)
    proposal = _link(us, uk, "proposed", 0.9)
    rebuild_subjects(db.session)
    decide(db.session, proposal.id, confirm=False, actor=EDITOR)
    assert proposal.status == "rejected"
    assert _subject_of(us) != _subject_of(uk)
    assert (strong.status, weak.status) == ("linked", "proposed")
    assert HELD_BACK in weak.evidence
