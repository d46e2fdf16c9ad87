"""Replace a designation's child rows: one place for imports and for editors' saves.

Both the loader (from source records) and the admin save (from the form) give
names, places, nationalities, identifiers and addresses as objects with the same
attributes, so the rows are built here once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from app.matching import detect_script
from app.matching.identifiers import identifier_key
from app.models import Address, BirthPlace, Designation, DesignationName, Identifier, Nationality


def replace_names(designation: Designation, names: Sequence[Any]) -> None:
    """Names in order (the primary first); a name without a script gets the detected one."""
    designation.names = [
        DesignationName(
            full_name=n.full_name,
            name_type=n.name_type,
            quality=n.quality,
            script=n.script or detect_script(n.full_name),
            position=position,
        )
        for position, n in enumerate(names)
    ]


def replace_facts(
    designation: Designation,
    *,
    birth_places: Iterable[str],
    nationalities: Iterable[str],
    citizenships: Iterable[str],
    identifiers: Iterable[Any],
    addresses: Iterable[Any],
) -> None:
    """Places of birth, nationalities and citizenships, identifiers and addresses."""
    designation.birth_places = [BirthPlace(place=p) for p in birth_places]
    designation.nationalities = [
        Nationality(country=c, kind="nationality") for c in nationalities
    ] + [Nationality(country=c, kind="citizenship") for c in citizenships]
    designation.identifiers = [
        Identifier(
            id_type=i.id_type,
            number=i.number,
            number_key=identifier_key(i.number),
            country=i.country,
            issued_on=i.issued_on,
            expires_on=i.expires_on,
            note=i.note,
        )
        for i in identifiers
    ]
    designation.addresses = [
        Address(address=a.address, city=a.city, country=a.country, note=a.note) for a in addresses
    ]
