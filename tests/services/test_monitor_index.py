"""The monitored names' key index: a changed designation finds the clients it matches."""

from __future__ import annotations

from datetime import date

from app.matching import ListedName, SubjectFacts
from app.services.monitor_index import (
    ChangedDesignation,
    MonitoredName,
    MonitorIndex,
    monitored_keys,
)


def _index(*names: str, **facts: object) -> MonitorIndex:
    rows = [
        MonitoredName(row_id=i, name=name, keys=monitored_keys(name), **facts)
        for i, name in enumerate(names, start=1)
    ]
    return MonitorIndex.build(rows, candidate_limit=100, threshold=0.8)


def _listing(*names: str, kind: str = "individual", births=()) -> ChangedDesignation:  # noqa: ANN001
    listed = [ListedName(i, text) for i, text in enumerate(names, start=1)]
    return ChangedDesignation.from_names(
        7, listed, SubjectFacts(kind=kind, birth_ranges=list(births))
    )


def test_a_changed_designation_finds_the_clients_it_matches():
    index = _index("Artem Kuznetsov", "Maria Orlova", "John Smith")
    found = index.matches(_listing("KUZNETSOV, Artem Dmitrievich", "KUZNETSOV, Artyom"))
    assert [hit.row_id for hit in found] == [1]
    assert found[0].score >= 0.8


def test_another_spelling_of_a_client_is_found():
    index = _index("Artyom Kusnezow")
    assert [hit.row_id for hit in index.matches(_listing("KUZNETSOV, Artem"))] == [1]


def test_a_client_born_in_another_year_scores_lower():
    listed = _listing("KUZNETSOV, Artem", births=[(date(1970, 1, 1), date(1970, 12, 31))])
    same = _index("Artem Kuznetsov", birth_year=1970).matches(listed)[0].score
    other = _index("Artem Kuznetsov", birth_year=1990).matches(listed)
    assert not other or other[0].score < same


def test_a_designation_with_no_names_matches_nobody():
    assert _index("Artem Kuznetsov").matches(_listing()) == []
