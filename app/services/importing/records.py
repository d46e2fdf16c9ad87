"""The record types readers produce: they live in ``app.services.records``.

Kept so the readers' imports (``from app.services.importing.records import ...``)
stay as they are.
"""

from app.services.records import (
    AddressRecord,
    BirthDateRecord,
    DesignationRecord,
    IdentifierRecord,
    LinkRecord,
    MeasureRecord,
    NameRecord,
    ReadResult,
    RowError,
)

__all__ = [
    "AddressRecord",
    "BirthDateRecord",
    "DesignationRecord",
    "IdentifierRecord",
    "LinkRecord",
    "MeasureRecord",
    "NameRecord",
    "ReadResult",
    "RowError",
]
