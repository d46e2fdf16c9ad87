"""Query by example, as yente's ``/match`` does: an FtM-shaped entity in, scored entities out.

An example names a schema and properties (``name``, ``birthDate``, ``nationality``,
``idNumber``, ...). Each name is searched with the birth date and country as
qualifiers; identification numbers are looked up exactly (normalised). A subject
whose number matches is marked ``identifier_match`` and ranks above subjects that
only match by name. Flask-free: the caller passes the settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.matching import ListedName, Query, SubjectFacts, match_designation
from app.models import Designation, Measure, Program, SourceRef
from app.services.designations import full_designation_options
from app.services.ftm_entities import SCHEMA_KINDS, subject_entity
from app.services.ftm_entities import entity_id as entity_id_of
from app.services.identifiers import IdentifierQueryError, find_by_identifier
from app.services.search import SearchFilters, search
from app.services.subjects import subject_groups

NAME_PROPERTIES = ("name", "alias", "weakAlias", "previousName")
COUNTRY_PROPERTIES = ("nationality", "citizenship", "country", "jurisdiction")
ID_PROPERTIES = (
    "idNumber",
    "passportNumber",
    "imoNumber",
    "registrationNumber",
    "taxNumber",
    "innCode",
    "ogrnCode",
    "leiCode",
)
_YEAR_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
FEATURE_DOCS = {
    "name_match": {
        "description": "Similarity of the best-matching listed name (after transliteration).",
        "coefficient": 1.0,
        "url": "/api/v1/openapi.json",
    },
    "identifier_match": {
        "description": "An identification number of the query equals a listed one "
        "(spaces, dashes and case ignored); it ranks the result above name-only matches.",
        "coefficient": 1.0,
        "url": "/api/v1/openapi.json",
    },
    "birth_date": {
        "description": "Adjustment for a birth date that agrees with or rules out the listing.",
        "coefficient": 1.0,
        "url": "/api/v1/openapi.json",
    },
    "country": {
        "description": "Adjustment for a nationality or country that agrees with the listing.",
        "coefficient": 1.0,
        "url": "/api/v1/openapi.json",
    },
}


class ExampleError(ValueError):
    """An example entity that cannot be matched (the message says why)."""


@dataclass(frozen=True)
class MatchSettings:
    threshold: float  # a result with this score or more is a match
    cutoff: float  # results below this score are not returned
    candidate_limit: int
    max_results: int
    max_values: int  # per property
    max_value_length: int
    max_names: int = 5  # names (and numbers) an example is matched with


@dataclass(frozen=True)
class Dataset:
    """What a /match/<dataset> path restricts to (all lists for "default")."""

    name: str
    jurisdiction: str | None = None
    program: str | None = None
    source: str | None = None


@dataclass
class Example:
    schema: str
    kind: str | None
    names: list[str]
    birth_date: date | None = None
    birth_year: int | None = None
    country: str | None = None
    id_numbers: list[str] = field(default_factory=list)
    raw: dict = field(default_factory=dict)

    def cost(self, min_chars: int) -> int:
        """The work this example asks for, in characters: each name searched counts its
        length, at least ``min_chars`` (a search has a fixed cost however short the name),
        each number ``min_chars`` (a lookup, then its names scored)."""
        return sum(max(len(n), min_chars) for n in self.names) + min_chars * len(self.id_numbers)


def resolve_dataset(session: Session, name: str) -> Dataset | None:
    """``default``, a jurisdiction ("US"), a program code or a list ("ofac-sdn"); else None.

    OpenSanctions' collection names ``sanctions`` and ``all`` mean every list here too.
    """
    if name in ("default", "sanctions", "all"):
        return Dataset(name)
    if session.scalar(select(Program.id).where(Program.code == name).limit(1)):
        return Dataset(name, program=name)
    if session.scalar(select(SourceRef.id).where(SourceRef.source == name).limit(1)):
        return Dataset(name, source=name)
    upper = name.upper()
    if len(upper) <= 8 and session.scalar(
        select(Measure.id).where(Measure.jurisdiction == upper).limit(1)
    ):
        return Dataset(name, jurisdiction=upper)
    return None


def _values(properties: dict, name: str, settings: MatchSettings) -> list[str]:
    raw = properties.get(name)
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        raise ExampleError(f"property {name!r} must be a list of strings")
    if len(raw) > settings.max_values:
        raise ExampleError(f"property {name!r} has more than {settings.max_values} values")
    values = []
    for value in raw:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ExampleError(f"property {name!r} must hold strings")
        text = str(value).strip()
        if len(text) > settings.max_value_length:
            raise ExampleError(
                f"a value of {name!r} is longer than {settings.max_value_length} characters"
            )
        if "\x00" in text:
            raise ExampleError(f"a value of {name!r} holds a NUL character")
        if text:
            values.append(text)
    return values


def _birth(values: list[str]) -> tuple[date | None, int | None]:
    for value in values:
        match = _YEAR_PREFIX.match(value)
        if not match:
            continue
        year, month, day = match.groups()
        if day:
            try:
                return date(int(year), int(month), int(day)), None
            except ValueError:
                continue
        if 1800 <= int(year) <= date.today().year:
            return None, int(year)
    return None, None


def parse_example(example: object, settings: MatchSettings) -> Example:
    """An FtM example ({"schema", "properties"}) as a query; raises ExampleError."""
    if not isinstance(example, dict):
        raise ExampleError("each query must be an object with a schema and properties")
    schema = example.get("schema", "LegalEntity")
    if not isinstance(schema, str) or schema not in SCHEMA_KINDS:
        allowed = ", ".join(sorted(SCHEMA_KINDS))
        raise ExampleError(f"schema must be one of: {allowed}")
    properties = example.get("properties", {})
    if not isinstance(properties, dict):
        raise ExampleError("properties must be an object of lists of strings")
    names: list[str] = []
    for prop in NAME_PROPERTIES:
        names += _values(properties, prop, settings)
    if not names:
        parts = [
            value
            for prop in ("firstName", "middleName", "lastName")
            for value in _values(properties, prop, settings)
        ]
        if parts:
            names.append(" ".join(parts))
    ids = [v for p in ID_PROPERTIES for v in _values(properties, p, settings)]
    if not names and not ids:
        raise ExampleError("a query needs a name or an identification number")
    birth_date, birth_year = _birth(_values(properties, "birthDate", settings))
    countries = [v for p in COUNTRY_PROPERTIES for v in _values(properties, p, settings)]
    raw = {"id": example.get("id") if isinstance(example.get("id"), str) else None}
    raw |= {"schema": schema, "properties": properties}
    return Example(
        schema=schema,
        kind=SCHEMA_KINDS[schema],
        names=list(dict.fromkeys(names))[: settings.max_names],
        birth_date=birth_date,
        birth_year=birth_year,
        country=countries[0] if countries else None,
        id_numbers=list(dict.fromkeys(ids))[: settings.max_names],
        raw=raw,
    )


@dataclass
class ScoredSubject:
    designation_ids: list[int]  # the subject's designations, the best-matching first
    name_score: float = 0.0
    rank_score: float = 0.0
    qualifiers: dict[str, float] = field(default_factory=dict)
    identifier: dict | None = None  # the listed identifier that matched
    names_given: bool = True

    def score(self, threshold: float) -> float:
        if self.identifier is None:
            return self.name_score
        # The number is the subject's: a full match, unless the query's name is not one
        # of its names; then just a match, its name_match feature telling the difference.
        return 1.0 if self.name_score >= threshold or not self.names_given else threshold


def _filters(example: Example, dataset: Dataset) -> SearchFilters:
    return SearchFilters(
        kind=example.kind,
        program=dataset.program,
        jurisdiction=dataset.jurisdiction,
        source=dataset.source,
        birth_year=example.birth_year,
        birth_date=example.birth_date,
        country=example.country,
    )


def match_example(
    session: Session, example: Example, dataset: Dataset, settings: MatchSettings, limit: int
) -> tuple[int, list[dict]]:
    """(total, results) for one example: yente's ScoredEntityResponse dicts, best first."""
    filters = _filters(example, dataset)
    subjects: dict[int, ScoredSubject] = {}  # by the subject's first designation
    for name in example.names:
        results = search(
            session,
            query=name,
            filters=filters,
            threshold=settings.cutoff,
            candidate_limit=settings.candidate_limit,
            max_results=settings.max_results,
        )
        for hit in results.hits:
            members = hit.subject_ids or [hit.designation_id]
            key = min(members)
            kept = subjects.get(key)
            if kept is None or hit.match.rank_score > kept.rank_score:
                subjects[key] = ScoredSubject(
                    designation_ids=members,
                    name_score=hit.match.score,
                    rank_score=hit.match.rank_score,
                    qualifiers={q.feature: q.adjustment for q in hit.match.qualifiers},
                )
    for number in example.id_numbers:
        try:
            # No issuing country: a nationality is not where a document was issued
            # (a dual national's passport of the other country must still match).
            id_hits = find_by_identifier(
                session,
                number,
                None,
                kind=example.kind,
                program=dataset.program,
                jurisdiction=dataset.jurisdiction,
                source=dataset.source,
            )
        except IdentifierQueryError:
            continue
        for id_hit in id_hits:
            members = list(id_hit.subject_ids or (id_hit.designation_id,))
            key = min(members)
            subject = subjects.get(key)
            if subject is None:
                subject = subjects[key] = ScoredSubject(
                    designation_ids=members, names_given=bool(example.names)
                )
                _score_names(session, example, subject)
            subject.identifier = id_hit.to_dict()
    ranked = sorted(
        subjects.values(),
        key=lambda s: (s.identifier is None, -s.score(settings.threshold), -s.rank_score),
    )
    kept = [s for s in ranked if s.identifier is not None or s.name_score >= settings.cutoff]
    return len(kept), _entities(session, kept[:limit], settings.threshold)


def _score_names(session: Session, example: Example, subject: ScoredSubject) -> None:
    """The name score of a subject found by its number only (0 when no name was given)."""
    if not example.names:
        return
    designations = _load(session, subject.designation_ids)
    for designation in designations.values():
        names = [ListedName(n.id, n.full_name, n.name_type, n.quality) for n in designation.names]
        facts = SubjectFacts(kind=designation.kind)
        for name in example.names:
            match = match_designation(Query(name=name, kind=example.kind), names, facts)
            if match.score > subject.name_score:
                subject.name_score, subject.rank_score = match.score, match.rank_score


def _load(session: Session, ids: list[int]) -> dict[int, Designation]:
    rows = session.scalars(
        select(Designation).where(Designation.id.in_(ids)).options(*full_designation_options())
    )
    return {d.id: d for d in rows}


def _entities(session: Session, subjects: list[ScoredSubject], threshold: float) -> list[dict]:
    designations = _load(session, [i for s in subjects for i in s.designation_ids])
    results = []
    for subject in subjects:
        # In id order, as the export: a subject has one FtM id whichever list matched.
        members = [designations[i] for i in sorted(subject.designation_ids) if i in designations]
        if not members:
            continue
        entity = subject_entity(members)
        score = round(subject.score(threshold), 4)
        features = {"name_match": round(subject.name_score, 4)}
        features |= {k: round(v, 4) for k, v in subject.qualifiers.items()}
        if subject.identifier is not None:
            features["identifier_match"] = 1.0
        entity |= {
            # The best-matching designation: ours, not yente's (/match drops it).
            "designation_id": subject.designation_ids[0],
            "score": score,
            "match": score >= threshold,
            "features": features,
            "target": True,
            "identifier_match": subject.identifier,
        }
        results.append(entity)
    return results


def find_entity(session: Session, entity_id: str) -> dict | None:
    """The subject entity an FtM id names (its own id or a referent's), or None."""
    designation_id = _designation_for(session, entity_id)
    if designation_id is None:
        return None
    members = subject_groups(session, [designation_id])[designation_id]
    designations = _load(session, members)
    return subject_entity([designations[i] for i in sorted(designations)])


def _designation_for(session: Session, entity_id: str) -> int | None:
    if entity_id.startswith("designation-") and entity_id[12:].isdigit():
        wanted = int(entity_id[12:])
        return session.scalar(select(Designation.id).where(Designation.id == wanted))
    for source in session.scalars(select(SourceRef.source).distinct()):
        prefix = entity_id_of(source, "x")[:-1]  # "ofac-sdn-"
        if not entity_id.startswith(prefix):
            continue
        rest = entity_id[len(prefix) :]
        found = session.scalar(
            select(SourceRef.designation_id).where(
                SourceRef.source == source, func.lower(SourceRef.ref) == rest
            )
        )
        if found is not None:
            return found
        for ref, designation_id in session.execute(
            select(SourceRef.ref, SourceRef.designation_id).where(SourceRef.source == source)
        ):
            if entity_id_of(source, ref) == entity_id:
                return designation_id
    return None
