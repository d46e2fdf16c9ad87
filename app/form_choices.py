"""Choice lists shared by the public and the admin forms (no blueprint imports another)."""

from __future__ import annotations

from wtforms.fields.choices import SelectChoice

# The largest record number a form accepts: the database's 64-bit integer. A larger
# one is a form error ("Give a record number"), never a failed query.
MAX_RECORD_NUMBER = 2**63 - 1

JURISDICTIONS = [
    ("", "Any jurisdiction"),
    ("US", "United States"),
    ("UK", "United Kingdom"),
    ("CA", "Canada"),
    ("UN", "United Nations"),
    ("AU", "Australia"),
]


def choices(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]
