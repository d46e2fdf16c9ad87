"""The search service itself: matches, near misses, one hit per subject, has/lacks."""

from __future__ import annotations

from flask import Flask

from app.extensions import db
from app.models import SubjectLink
from app.services.search import SearchFilters, search
from app.services.subjects import rebuild_subjects
from tests.builders import create_designation


def _search(query: str, filters: SearchFilters | None = None, **limits: object):
    settings = {"threshold": 0.8, "candidate_limit": 100, "max_results": 50, **limits}
    return search(db.session, query=query, filters=filters or SearchFilters(), **settings)


def _link(a: int, b: int) -> None:
    db.session.add(SubjectLink(designation_a_id=a, designation_b_id=b, score=1.0, status="linked"))
    db.session.flush()
    rebuild_subjects(db.session)
    db.session.commit()


def test_a_listed_name_is_found_best_first(app: Flask) -> None:
    wanted = create_designation("KUZNETSOV, Artem").id
    create_designation("KUZNETSOV, Boris")
    results = _search("Artem Kuznetsov")
    assert [h.designation_id for h in results.hits][:1] == [wanted]
    assert results.near_misses == []


def test_nothing_matching_gives_the_best_names_below_the_threshold(app: Flask) -> None:
    ids = {create_designation(f"KUSNEZOWA, {first}").id for first in ("Anna", "Boris", "Clara")}
    results = _search("Kusnezowa")
    assert results.hits == []
    assert {h.designation_id for h in results.near_misses} == ids


def test_near_misses_are_capped_and_floored(app: Flask) -> None:
    for first in ("Anna", "Boris", "Clara"):
        create_designation(f"KUSNEZOWA, {first}")
    assert len(_search("Kusnezowa", near_miss_limit=1).near_misses) == 1
    assert _search("Kusnezowa", near_miss_floor=0.99).near_misses == []


def test_linked_designations_of_one_subject_give_one_hit(app: Flask) -> None:
    us = create_designation("PETROV, Ivan", program="TESTUS").id
    uk = create_designation("PETROV, Ivan", program="TESTUK").id
    _link(us, uk)
    hits = _search("Ivan Petrov").hits
    assert len(hits) == 1
    assert sorted(hits[0].subject_ids) == sorted([us, uk])


def test_without_grouping_each_designation_is_a_hit(app: Flask) -> None:
    us = create_designation("PETROV, Ivan").id
    uk = create_designation("PETROV, Ivan").id
    _link(us, uk)
    hits = _search("Ivan Petrov", group_subjects=False).hits
    assert sorted(h.designation_id for h in hits) == sorted([us, uk])


def test_has_keeps_only_subjects_facing_the_measure(app: Flask) -> None:
    frozen = create_designation("SIDOROV, Oleg", program="TESTPROG").id
    create_designation("SIDOROV, Oleg")  # no measure at all
    filters = SearchFilters(has_measures=(("US", "asset_freeze"),))
    assert [h.designation_id for h in _search("Oleg Sidorov", filters).hits] == [frozen]


def test_lacks_drops_subjects_facing_the_measure(app: Flask) -> None:
    create_designation("SIDOROV, Oleg", program="TESTPROG")
    free = create_designation("SIDOROV, Oleg").id
    filters = SearchFilters(lacks_measures=(("US", "asset_freeze"),))
    assert [h.designation_id for h in _search("Oleg Sidorov", filters).hits] == [free]


def test_has_counts_the_measures_of_every_list_of_the_subject(app: Flask) -> None:
    # The best-scoring designation of the subject has no measure; its linked one has.
    frozen_elsewhere = create_designation("ORLOFF, Pyotr Ivanovich", program="TESTPROG").id
    plain = create_designation("ORLOV, Pyotr").id
    _link(frozen_elsewhere, plain)
    filters = SearchFilters(has_measures=(("US", "asset_freeze"),))
    hits = _search("Pyotr Orlov", filters).hits
    assert [(h.designation_id, sorted(h.subject_ids)) for h in hits] == [
        (plain, sorted([frozen_elsewhere, plain]))
    ]
