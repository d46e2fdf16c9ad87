"""Facts other than the name that move the score: birth date, country, kind.

Each feature is a function returning a :class:`Qualifier` (adjustment and human detail)
or None when it does not apply, so the result page can say what moved the score.
"""

from __future__ import annotations

from datetime import date

from app.matching.countries import normalise_country
from app.matching.results import Qualifier

# Adjustments. A birth date that agrees confirms a name match a little; one that clearly
# disagrees (several years off) is strong evidence of another person.
BIRTH_DATE_MATCH_BONUS = 0.05
BIRTH_YEAR_MATCH_BONUS = 0.03
BIRTH_NEAR_MISS_PENALTY = 0.03  # off by one year: typing errors, approximate dates
BIRTH_MISMATCH_PENALTY = 0.15
COUNTRY_MATCH_BONUS = 0.03
COUNTRY_MISMATCH_PENALTY = 0.03
KIND_MISMATCH_PENALTY = 0.2

BirthRange = tuple[date | None, date | None]

_PERSON = "individual"


def birth_qualifier(
    birth_date: date | None, birth_year: int | None, ranges: list[BirthRange]
) -> Qualifier | None:
    """Compare a query's birth date or year with the listed (earliest, latest) ranges."""
    if not ranges or (birth_date is None and birth_year is None):
        return None
    year = birth_date.year if birth_date else birth_year
    assert year is not None
    best_gap: int | None = None
    exact_day = False
    for earliest, latest in ranges:
        lo = earliest or latest
        hi = latest or earliest
        if lo is None or hi is None:
            continue
        if birth_date and lo == hi == birth_date:
            exact_day = True  # a full listed date, not a year or a range that contains it
        gap = 0 if lo.year <= year <= hi.year else min(abs(year - lo.year), abs(year - hi.year))
        best_gap = gap if best_gap is None else min(best_gap, gap)
    if best_gap is None:
        return None
    shown = birth_date.isoformat() if birth_date else str(year)
    if exact_day:
        return Qualifier("birth_date", BIRTH_DATE_MATCH_BONUS, f"born {shown}: listed date agrees")
    if best_gap == 0:
        return Qualifier("birth_date", BIRTH_YEAR_MATCH_BONUS, f"born {shown}: listed year agrees")
    if best_gap == 1:
        return Qualifier(
            "birth_date", -BIRTH_NEAR_MISS_PENALTY, f"born {shown}: listed date one year off"
        )
    return Qualifier(
        "birth_date", -BIRTH_MISMATCH_PENALTY, f"born {shown}: listed date {best_gap} years off"
    )


def country_qualifier(country: str | None, listed: list[str]) -> Qualifier | None:
    """Compare a query's country with the listed countries (nationality, address)."""
    if not country or not listed:
        return None
    wanted = normalise_country(country)
    known = {c for c in (normalise_country(x) for x in listed) if c}
    if wanted is None or not known:
        return None
    if wanted in known:
        return Qualifier("country", COUNTRY_MATCH_BONUS, f"country {country}: listed")
    return Qualifier(
        "country", -COUNTRY_MISMATCH_PENALTY, f"country {country}: not among listed countries"
    )


def kind_qualifier(kind: str | None, listed_kind: str) -> Qualifier | None:
    """A person searched for is not a company, and the reverse."""
    if not kind or not listed_kind or kind == listed_kind:
        return None
    if _PERSON in (kind, listed_kind):
        return Qualifier(
            "kind", -KIND_MISMATCH_PENALTY, f"searched for {kind}, listed as {listed_kind}"
        )
    return None
