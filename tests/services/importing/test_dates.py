"""Date texts of sanctions lists read as (earliest, latest) ranges."""

from datetime import date

import pytest

from app.services.importing.dates import CIRCA_YEARS, DateRange, parse_date, parse_date_range


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("28 Feb 1975", date(1975, 2, 28), date(1975, 2, 28)),
        ("28 February 1975", date(1975, 2, 28), date(1975, 2, 28)),
        ("Feb 1975", date(1975, 2, 1), date(1975, 2, 28)),
        ("Feb 1976", date(1976, 2, 1), date(1976, 2, 29)),
        ("Nov. 1973", date(1973, 11, 1), date(1973, 11, 30)),
        ("Sept 1961", date(1961, 9, 1), date(1961, 9, 30)),
        ("1974", date(1974, 1, 1), date(1974, 12, 31)),
        ("1975-02-28", date(1975, 2, 28), date(1975, 2, 28)),
        ("28-02-1975", date(1975, 2, 28), date(1975, 2, 28)),
        ("28/02/1975", date(1975, 2, 28), date(1975, 2, 28)),
    ],
)
def test_a_single_day_month_or_year_spans_what_it_names(text, earliest, latest):
    assert parse_date_range(text) == DateRange(text, earliest, latest)


def test_circa_widens_the_year_by_circa_years_each_side():
    parsed = parse_date_range("circa 1960")
    assert (parsed.earliest, parsed.latest) == (
        date(1960 - CIRCA_YEARS, 1, 1),
        date(1960 + CIRCA_YEARS, 12, 31),
    )


def test_circa_of_a_day_widens_around_that_day():
    parsed = parse_date_range("circa 01 Jul 1970")
    assert (parsed.earliest, parsed.latest) == (
        date(1970 - CIRCA_YEARS, 7, 1),
        date(1970 + CIRCA_YEARS, 7, 1),
    )


def test_approximately_reads_like_circa():
    approximately = parse_date_range("Approximately 1960")
    circa = parse_date_range("circa 1960")
    assert (approximately.earliest, approximately.latest) == (circa.earliest, circa.latest)


def test_a_year_range_runs_from_first_january_to_last_december():
    parsed = parse_date_range("1975 to 1979")
    assert (parsed.earliest, parsed.latest) == (date(1975, 1, 1), date(1979, 12, 31))


def test_a_day_range_runs_between_the_two_days():
    parsed = parse_date_range("28 Feb 1975 to 03 Mar 1976")
    assert (parsed.earliest, parsed.latest) == (date(1975, 2, 28), date(1976, 3, 3))


def test_a_month_range_runs_to_the_end_of_the_last_month():
    parsed = parse_date_range("Mar 1962 to Feb 1963")
    assert (parsed.earliest, parsed.latest) == (date(1962, 3, 1), date(1963, 2, 28))


def test_circa_with_a_dashed_year_range_widens_the_range():
    parsed = parse_date_range("circa 1979-1982")
    assert (parsed.earliest, parsed.latest) == (
        date(1979 - CIRCA_YEARS, 1, 1),
        date(1982 + CIRCA_YEARS, 12, 31),
    )


@pytest.mark.parametrize(
    "text", ["30-35 years old", "Between Aug. and Sep. 1977", "31 Feb 1975", "1979 to 1975", ""]
)
def test_unreadable_text_gives_no_dates_but_keeps_the_text(text):
    parsed = parse_date_range(text)
    assert (parsed.text, parsed.earliest, parsed.latest) == (text, None, None)


def test_parse_date_reads_one_exact_day():
    assert parse_date("12 Jan 2010") == date(2010, 1, 12)


def test_parse_date_refuses_a_month_or_year():
    assert (parse_date("Jan 2007"), parse_date("2010")) == (None, None)
