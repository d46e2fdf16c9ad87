"""Turn the date texts of sanctions lists into date ranges.

Lists rarely give one exact day: OFAC writes ``28 Feb 1975``, ``Feb 1975``, ``1974``,
``circa 1960`` or ``1975 to 1979``; the UN writes ISO dates and year ranges; the UK
writes ``DD-MM-YYYY``. A birth date is therefore kept as the span of days it may
mean, ``(earliest, latest)``, so a matcher can ask "could this person be born on
that day?". Text that cannot be read gives ``(None, None)``; the caller keeps the
text itself.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

# "circa 1960" is read as 1958 to 1962: lists use "circa" for estimates, typically
# from a photo or an age quoted in a report, so a couple of years either side.
CIRCA_YEARS = 2

# Words that mean "circa" in front of a date ("approx." is written by some lists).
_CIRCA_WORDS = ("circa", "approximately", "approx.", "approx", "about", "ca.", "c.")

# English month names, written out rather than taken from ``calendar.month_name``, which
# follows the process locale. Abbreviations ("Sep", "Sept.") are matched as prefixes.
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, start=1)}

# Numeric dates: ISO year-month-day, or day first with "-", "/" or "." (UK style).
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_YEAR = re.compile(r"\d{4}")
# "1979-1982", "1979 - 1982": a year range written with a dash rather than "to".
_YEAR_DASH_YEAR = re.compile(r"(\d{4})\s*-\s*(\d{4})")


@dataclass(frozen=True)
class DateRange:
    """What a date text may mean: every day from ``earliest`` to ``latest``."""

    text: str
    earliest: date | None
    latest: date | None


def parse_date_range(text: str) -> DateRange:
    """Read a date text as the range of days it may mean; unknown gives (None, None)."""
    cleaned = " ".join(text.split()).strip(" .,;")
    earliest, latest = _range(cleaned)
    return DateRange(text=text.strip(), earliest=earliest, latest=latest)


def parse_date(text: str) -> date | None:
    """Read a text naming one exact day (issue or expiry dates), else None."""
    earliest, latest = _point(" ".join(text.split()).strip(" .,;"))
    return earliest if earliest == latest else None


def _range(text: str) -> tuple[date | None, date | None]:
    lowered = text.lower()
    for word in _CIRCA_WORDS:
        if lowered.startswith(word + " "):
            return _widen(_range(text[len(word) + 1 :].strip()))
    start, separator, end = text.partition(" to ")
    if not separator:
        dashed = _YEAR_DASH_YEAR.fullmatch(text)
        if dashed:
            start, end = dashed.groups()
        else:
            return _point(text)
    earliest, _ = _point(start.strip())
    _, latest = _point(end.strip())
    if earliest is None or latest is None or earliest > latest:
        return None, None
    return earliest, latest


def _widen(span: tuple[date | None, date | None]) -> tuple[date | None, date | None]:
    earliest, latest = span
    if earliest is None or latest is None:
        return None, None
    return _shift_years(earliest, -CIRCA_YEARS), _shift_years(latest, CIRCA_YEARS)


def _shift_years(day: date, years: int) -> date:
    # 29 Feb shifted into a year without it becomes 28 Feb.
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def _point(text: str) -> tuple[date | None, date | None]:
    """One day, one month or one year as a range; (None, None) when unreadable."""
    try:
        return _numeric_point(text) or _worded_point(text) or (None, None)
    except ValueError:  # a day or month out of range: "31 Feb 1975", "1975-13-01"
        return None, None


def _numeric_point(text: str) -> tuple[date, date] | None:
    if match := _ISO_DAY.fullmatch(text):
        year, month, day = map(int, match.groups())
        return _day(year, month, day)
    if match := _ISO_MONTH.fullmatch(text):
        year, month = map(int, match.groups())
        return _month(year, month)
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year = map(int, match.groups())
        return _day(year, month, day)
    if _YEAR.fullmatch(text):
        return _year(int(text))
    return None


def _worded_point(text: str) -> tuple[date, date] | None:
    """``28 Feb 1975``, ``28 February 1975``, ``Feb. 1975``."""
    words = text.split()
    if len(words) == 3 and words[0].isdigit() and _YEAR.fullmatch(words[2]):
        month = _month_number(words[1])
        return _day(int(words[2]), month, int(words[0])) if month else None
    if len(words) == 2 and _YEAR.fullmatch(words[1]):
        month = _month_number(words[0])
        return _month(int(words[1]), month) if month else None
    return None


def _month_number(word: str) -> int | None:
    """``Feb``, ``Feb.``, ``Sept`` and ``February`` all give 2; anything else None."""
    word = word.lower().rstrip(".")
    for name, number in _MONTHS.items():
        if len(word) >= 3 and name.startswith(word):
            return number
    return None


def _day(year: int, month: int, day: int) -> tuple[date, date]:
    exact = date(year, month, day)
    return exact, exact


def _month(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _year(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)
