"""Comparing the Magnitsky-law lists: counts, overlaps, who is on one but not the others.

A subject counts once per jurisdiction however many of its designations are there
(subjects come from services.linking). Years are those of the measures' start dates;
OFAC's legacy files give none, which the page says rather than guess.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Designation, Measure, Program, SubjectMember
from app.models.designation import designation_programs
from app.services.programs import magnitsky_programs


@dataclass
class SubjectEntry:
    subject_id: int
    designation_ids: dict[str, int]  # jurisdiction -> one designation there
    name: str


@dataclass
class Comparison:
    jurisdictions: list[str]
    totals: dict[str, int]
    shared_by_all: int
    overlaps: dict[tuple[str, str], int]
    only_in: dict[str, list[SubjectEntry]]
    per_year: dict[str, Counter]
    undated: dict[str, int]
    years: list[int] = field(default_factory=list)


def compare_lists(session: Session) -> Comparison:
    """Active Magnitsky-law designations per jurisdiction, by subject."""
    programs = magnitsky_programs()
    code_to_jurisdiction = {code: j for j, codes in programs.items() for code in codes}
    rows = session.execute(
        select(Designation.id, Designation.primary_name, Program.code)
        .join(designation_programs, designation_programs.c.designation_id == Designation.id)
        .join(Program, Program.id == designation_programs.c.program_id)
        .where(Program.code.in_(code_to_jurisdiction), Designation.status == "active")
    ).all()
    subject_of = dict(
        session.execute(select(SubjectMember.designation_id, SubjectMember.subject_id)).all()
    )
    subjects: dict[int, SubjectEntry] = {}
    for designation_id, name, code in rows:
        subject_id = subject_of.get(designation_id, designation_id)
        entry = subjects.setdefault(subject_id, SubjectEntry(subject_id, {}, name))
        entry.designation_ids.setdefault(code_to_jurisdiction[code], designation_id)

    jurisdictions = list(programs)
    totals = {j: sum(j in s.designation_ids for s in subjects.values()) for j in jurisdictions}
    overlaps = {
        (a, b): sum(a in s.designation_ids and b in s.designation_ids for s in subjects.values())
        for i, a in enumerate(jurisdictions)
        for b in jurisdictions[i + 1 :]
    }
    only_in = {
        j: sorted(
            (s for s in subjects.values() if set(s.designation_ids) == {j}),
            key=lambda s: s.name.casefold(),
        )
        for j in jurisdictions
    }
    shared = sum(set(s.designation_ids) >= set(jurisdictions) for s in subjects.values())
    per_year, undated = _per_year(session, code_to_jurisdiction, subject_of)
    years = sorted({y for counts in per_year.values() for y in counts})
    return Comparison(jurisdictions, totals, shared, overlaps, only_in, per_year, undated, years)


def _per_year(
    session: Session, code_to_jurisdiction: dict[str, str], subject_of: dict[int, int]
) -> tuple[dict[str, Counter], dict[str, int]]:
    """New subjects per year per jurisdiction, from the earliest start of their measures."""
    first_start: dict[tuple[str, int], object] = {}
    seen: set[tuple[str, int]] = set()
    for designation_id, code, start in session.execute(
        select(Measure.designation_id, Program.code, Measure.start_date)
        .join(Program, Program.id == Measure.program_id)
        .where(Program.code.in_(code_to_jurisdiction))
    ):
        key = (code_to_jurisdiction[code], subject_of.get(designation_id, designation_id))
        seen.add(key)
        if start is not None and (key not in first_start or start < first_start[key]):
            first_start[key] = start
    per_year: dict[str, Counter] = defaultdict(Counter)
    undated: Counter = Counter()
    for jurisdiction, subject in seen:
        start = first_start.get((jurisdiction, subject))
        if start is None:
            undated[jurisdiction] += 1
        else:
            per_year[jurisdiction][start.year] += 1
    return dict(per_year), dict(undated)


# Colours with enough contrast on white, one per jurisdiction in order.
CHART_COLOURS = ("#0b4f8a", "#b35900", "#1d6b36", "#7a2e8a", "#8a1c1c")


def chart_svg(comparison: Comparison, width: int = 720, height: int = 280) -> str:
    """Grouped bars: designations per year per jurisdiction, as an SVG string."""
    years = comparison.years
    jurisdictions = [j for j in comparison.jurisdictions if comparison.per_year.get(j)]
    left, bottom, top, right = 40, 30, 20, 10
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([c for j in jurisdictions for c in comparison.per_year[j].values()] or [1])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-title"><title id="chart-title">Magnitsky-law designations '
        f"per year and jurisdiction</title>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        f'stroke="#555"/>',
    ]
    for tick in range(0, peak + 1, max(1, peak // 4)):
        y = top + plot_h - plot_h * tick / peak
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{tick}</text>'
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#e3e3e3"/>'
        )
    if years and jurisdictions:
        group_w = plot_w / len(years)
        bar_w = max(2.0, (group_w - 4) / len(jurisdictions))
        for i, year in enumerate(years):
            x0 = left + i * group_w + 2
            for k, jurisdiction in enumerate(jurisdictions):
                count = comparison.per_year[jurisdiction].get(year, 0)
                bar_h = plot_h * count / peak
                colour = CHART_COLOURS[comparison.jurisdictions.index(jurisdiction) % 5]
                parts.append(
                    f'<rect x="{x0 + k * bar_w:.1f}" y="{top + plot_h - bar_h:.1f}" '
                    f'width="{bar_w - 1:.1f}" height="{bar_h:.1f}" fill="{colour}">'
                    f"<title>{jurisdiction} {year}: {count}</title></rect>"
                )
            parts.append(
                f'<text x="{x0 + group_w / 2 - 2:.1f}" y="{height - 10}" font-size="11" '
                f'text-anchor="middle">{year}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
