"""Make a designation say what a DesignationRecord says: the one write for imports and edits.

The loader (records read from a source file) and the editors' saves (a record
built from the designation form) both call ``apply_record``, so a record gives
the same stored designation whichever way it arrives. The two differ only where
their sources do, and say so in arguments: how a program code becomes a Program
(an import creates the programs its list names; an editor picks existing ones),
and whether a record without measures gets its programs' default measures (a
list that names only programs means them; an editor who removes every measure
means none).

Nothing here flushes or commits: the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from sqlalchemy.orm import Session

from app.models import BirthDate, Designation, DesignationLink, Measure, Program
from app.services.designation_facts import replace_facts, replace_names
from app.services.programs import fits_kind, measures_for_kind
from app.services.records import DesignationRecord, MeasureRecord, NameRecord

ProgramFor = Callable[[str], Program]  # program code -> Program (or raises)


def apply_record(
    session: Session,
    designation: Designation,
    record: DesignationRecord,
    program_for: ProgramFor,
    *,
    default_measures: bool,
    today: date | None = None,
) -> None:
    """Replace the designation's fields and child rows with the record's.

    The designation's status (active or delisted) and its source references are
    not the record's business and stay as they are. A measure is "ended" when the
    designation is delisted or its end date is past (``today``), and starts on the
    listing date unless the record says otherwise.
    """
    today = today or date.today()
    with session.no_autoflush:  # a half-applied designation must never reach the database
        designation.kind = record.kind
        designation.primary_name = record.primary_name
        designation.gender = record.gender or None
        designation.titles = list(record.titles)
        designation.remarks = record.remarks or None
        designation.listed_on = record.listed_on
        replace_names(designation, all_names(record))
        designation.birth_dates = [
            BirthDate(text=b.text, earliest=b.earliest, latest=b.latest)
            for b in record.birth_dates
        ]
        replace_facts(
            designation,
            birth_places=record.birth_places,
            nationalities=record.nationalities,
            citizenships=record.citizenships,
            identifiers=record.identifiers,
            addresses=record.addresses,
        )
        designation.links = [
            DesignationLink(
                target_name=link.target_name, relation=link.relation, target_id=link.target_id
            )
            for link in record.links
        ]
        programs = [program_for(code) for code in dict.fromkeys(record.program_codes)]
        designation.programs = list({p.code: p for p in programs}.values())
        designation.measures = _measures(
            record, program_for, designation.is_delisted, default_measures, today
        )


def all_names(record: DesignationRecord) -> list[NameRecord]:
    """The record's names, the primary one first when only ``primary_name`` gives it."""
    names = list(record.names)
    if not any(n.name_type == "primary" for n in names):
        primary = NameRecord(record.primary_name, "primary", "strong", record.primary_script)
        names = [primary, *names]
    return unique_names(names)


def unique_names(names: Iterable[NameRecord]) -> list[NameRecord]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for name in names:
        key = (name.full_name.strip().casefold(), name.name_type)
        if name.full_name.strip() and key not in seen:
            seen.add(key)
            unique.append(name)
    return unique


def measure_status(measure: MeasureRecord, delisted: bool, today: date) -> str:
    """"ended" when the designation is delisted or the measure's end date has come."""
    if delisted or (measure.end_date is not None and measure.end_date <= today):
        return "ended"
    return "active"


def measure_start(measure: MeasureRecord, record: DesignationRecord) -> date | None:
    return measure.start_date or record.listed_on


def _measures(
    record: DesignationRecord,
    program_for: ProgramFor,
    delisted: bool,
    default_measures: bool,
    today: date,
) -> list[Measure]:
    if record.measures or not default_measures:
        return [
            Measure(
                measure_type=m.measure_type,
                jurisdiction=m.jurisdiction,
                program=program_for(m.program_code) if m.program_code else None,
                start_date=measure_start(m, record),
                end_date=m.end_date,
                status=measure_status(m, delisted, today),
            )
            for m in record.measures
            # A list's visa or travel ban on a ship or a company cannot apply: not stored.
            if fits_kind(m.measure_type, record.kind)
        ]
    measures = []
    for code in dict.fromkeys(record.program_codes):
        program = program_for(code)
        for measure_type in measures_for_kind(program, record.kind):
            measures.append(
                Measure(
                    measure_type=measure_type,
                    jurisdiction=program.jurisdiction,
                    program=program,
                    start_date=record.listed_on,
                    status="ended" if delisted else "active",
                )
            )
    return measures
