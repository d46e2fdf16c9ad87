"""Read the Remarks column of OFAC's SDN list into structured facts.

OFAC's legacy CSV puts most of what it knows about an entry into one text:
``DOB 28 Feb 1975; POB Baku, Azerbaijan; nationality Russia; Gender Male;
Passport 4506550500 (Russia) issued 12 Jan 2010; a.k.a. 'CROCODILE'; Linked To:
GERTLER, Dan.`` Items are separated by ``; `` and the text ends with ``.``. An
item may start with ``alt. `` (another value of the same kind).

``parse_remarks`` recognises the items that name a person or thing (dates and
places of birth, nationality, gender, identity numbers, aliases, links) and keeps
every other item, as written, in ``ParsedRemarks.other``; the raw remarks are kept
whole by the reader anyway.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from app.services.importing.dates import parse_date, parse_date_range
from app.services.importing.records import (
    BirthDateRecord,
    IdentifierRecord,
    LinkRecord,
    NameRecord,
)

ITEM_SEPARATOR = "; "

# Identifier labels as OFAC writes them. Labels are matched case-insensitively at the
# start of an item (after "alt. "), longest first, and may be followed by ":"
# ("Website: www..."). Most are stored as written; _RENAMED_LABELS maps the others.
_LABELS_KEPT: tuple[str, ...] = (
    # identity documents
    "Passport", "Diplomatic Passport", "National ID No.", "Cedula No.", "Identification Number",
    "D.N.I.", "C.U.R.P.", "C.U.R.P. #", "SSN", "National Foreign ID Number", "Personal ID Card",
    "Birth Certificate Number", "Driver's License No.", "Electoral Registry No.",
    "Credencial electoral", "I.F.E.", "Cartilla de Servicio Militar Nacional",
    "Residency Number", "Turkish Identification Number", "Numero de Identidad",
    "Citizen's Card Number", "Travel Document Number", "Kenyan ID No.", "Refugee ID Card",
    "SRE Permit No.", "Italian Fiscal Code", "Permit Number", "VisaNumberID",
    # tax and company registers
    "Tax ID No.", "Registration Number", "Registration ID", "Business Registration Number",
    "Business Registration Document #", "Commercial Registry Number", "Company Number",
    "UK Company Number", "R.F.C.", "R.F.C. #", "RFC", "NIT #", "RUC #", "RIF #",
    "Folio Mercantil No.", "Matricula Mercantil No", "Legal Entity Number",
    "Unified Social Credit Code (USCC)", "United Social Credit Code Certificate (USCCC)",
    "V.A.T. Number", "C.R. No.", "Economic Register Number (CBLS)", "Government Gazette Number",
    "Trade License No.", "License", "Chamber of Commerce Number",
    "Istanbul Chamber of Comm. No.", "Dubai Chamber of Commerce Membership No.",
    "D-U-N-S Number", "Central Registration System Number", "Business Number",
    "Enterprise Number", "Public Registration Number", "C.U.I.", "C.U.I.T.", "C.U.I.P.",
    "US FEIN", "Chinese Commercial Code", "Registered Charity No.",
    "Certificate of Incorporation Number", "LE Number", "RTN", "File Number", "ISIN",
    "Branch Unit Number", "Organization Code", "BIK (RU)",
    # banks, contact details, vessels and aircraft
    "SWIFT/BIC", "Website", "Email Address", "Phone Number", "Fax", "MMSI",
    "Aircraft Tail Number", "Aircraft Mode S Transponder Code", "Aircraft Serial Identification",
)  # fmt: skip
_RENAMED_LABELS: dict[str, str] = {
    "Email": "Email Address",
    "Telephone": "Phone Number",
    "Telephone No.": "Phone Number",
    "Phone": "Phone Number",
    "Fax No.": "Fax",
    "Digital Currency Address -": "Digital Currency Address",  # then the currency code
    # vessels and aircraft
    "Vessel Registration Identification IMO": "IMO",
    "Identification Number IMO": "IMO",
    "Company Number IMO": "IMO",
    "Vessel Registration Identification": "Vessel Registration",
    "Other Vessel Call Sign": "Call Sign",
    "Aircraft Construction Number (also called L/N or S/N or F/N)": "Aircraft Construction Number",
    "Aircraft Manufacturer's Serial Number (MSN)": "Aircraft Manufacturer's Serial Number",
}
_IDENTIFIER_LABELS = {label: label for label in _LABELS_KEPT} | _RENAMED_LABELS
# Identifiers that are words rather than numbers: one token, digits optional.
_TEXT_VALUED_TYPES = frozenset({"Website", "Email Address", "SWIFT/BIC"})

# Labels grouped by their first word, longest first, so each item is compared with a
# handful of labels rather than all of them (the full list has ~80,000 items).
_LABELS_BY_FIRST_WORD: dict[str, list[tuple[str, str]]] = {}  # word -> [(lowered, label)]
for _label in sorted(_IDENTIFIER_LABELS, key=len, reverse=True):
    _lowered = _label.lower()
    _LABELS_BY_FIRST_WORD.setdefault(_lowered.split()[0], []).append((_lowered, _label))
_FIRST_WORD_END = re.compile(r"[\s:]")  # "Website www...", "Email:info@..."

# What follows an identifier label: the number (it may hold spaces: "RL 0962973"),
# then optionally the issuing country in parentheses, "issued <date>", "expires <date>".
# The number is matched lazily so the optional parts are taken when present.
_IDENTIFIER_TAIL = re.compile(
    r"(?P<number>.+?)"
    r"(?:\s+\((?P<country>[^()]+)\))?"
    r"(?:\s+issued\s+(?P<issued>.+?))?"
    r"(?:\s+expires\s+(?P<expires>.+))?"
)

# Alias items: "a.k.a. 'NAME'", "f.k.a. 'NAME'", "n.k.a. 'NAME'". The name sits between
# the first and the last quote; it may hold quotes itself ("a.k.a. 'ABU 'ABDALLAH'").
_ALIAS_TYPES = {"a.k.a.": "aka", "f.k.a.": "fka", "n.k.a.": "nka"}
_ALIAS_OPENING = re.compile(r"(?:alt\. )?[afn]\.k\.a\. '")


@dataclass
class ParsedRemarks:
    """The facts found in one entry's remarks; ``other`` keeps the rest as written."""

    birth_dates: list[BirthDateRecord] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    citizenships: list[str] = field(default_factory=list)
    gender: str | None = None
    titles: list[str] = field(default_factory=list)
    identifiers: list[IdentifierRecord] = field(default_factory=list)
    names: list[NameRecord] = field(default_factory=list)
    links: list[LinkRecord] = field(default_factory=list)
    other: list[str] = field(default_factory=list)


def parse_remarks(text: str) -> ParsedRemarks:
    """Read an OFAC remarks text; items not recognised are kept in ``other``."""
    parsed = ParsedRemarks()
    for item in split_remarks(text):
        body = _without_alt(item)
        if not _read_item(body, parsed):
            parsed.other.append(item)
    return parsed


def split_remarks(text: str) -> list[str]:
    """Split remarks into items, keeping a quoted alias whole even if it holds ``; ``."""
    text = text.strip()
    if text.endswith("."):
        text = text[:-1]
    pieces = [piece for piece in text.split(ITEM_SEPARATOR) if piece.strip()]
    items: list[str] = []
    index = 0
    while index < len(pieces):
        end = _end_of_quoted_alias(pieces, index)
        items.append(ITEM_SEPARATOR.join(pieces[index : end + 1]).strip())
        index = end + 1
    return items


def _end_of_quoted_alias(pieces: list[str], start: int) -> int:
    """Index of the piece closing an alias quote opened in ``pieces[start]``, else start."""
    piece = pieces[start]
    if not _ALIAS_OPENING.match(piece) or piece.rstrip().endswith("'"):
        return start
    for index in range(start + 1, len(pieces)):
        if _ALIAS_OPENING.match(pieces[index]):
            break  # a new alias begins: the first one was cut off, not split
        if pieces[index].rstrip().endswith("'"):
            return index
    return start


def _without_alt(item: str) -> str:
    for prefix in ("alt. ", "Alt. "):
        if item.startswith(prefix):
            return item[len(prefix) :].lstrip()
    return item


def _read_item(body: str, parsed: ParsedRemarks) -> bool:
    """Store what ``body`` says in ``parsed``; False when the item is not recognised."""
    for prefix, reader in _ITEM_READERS:
        if body.startswith(prefix):
            value = " ".join(body[len(prefix) :].split())
            return bool(value) and reader(value, parsed)
    return _read_identifier(body, parsed)


def _birth_date(value: str, parsed: ParsedRemarks) -> bool:
    span = parse_date_range(value)
    parsed.birth_dates.append(BirthDateRecord(span.text, span.earliest, span.latest))
    return True


def _gender(value: str, parsed: ParsedRemarks) -> bool:
    parsed.gender = value
    return True


def _alias(name_type: str) -> Callable[[str, ParsedRemarks], bool]:
    # In the legacy CSV, OFAC's "weak" aliases (nicknames, short forms) are the
    # a.k.a.s of the remarks; former and new names (f.k.a., n.k.a.) are real names.
    quality = "weak" if name_type == "aka" else "strong"

    def read(value: str, parsed: ParsedRemarks) -> bool:
        if len(value) < 3 or not (value.startswith("'") and value.endswith("'")):
            return False  # an alias cut off before its closing quote is kept as written
        parsed.names.append(NameRecord(value[1:-1].strip(), name_type, quality))
        return True

    return read


def _appender(attribute: str) -> Callable[[str, ParsedRemarks], bool]:
    def read(value: str, parsed: ParsedRemarks) -> bool:
        getattr(parsed, attribute).append(value)
        return True

    return read


def _link(value: str, parsed: ParsedRemarks) -> bool:
    parsed.links.append(LinkRecord(target_name=value))
    return True


_ITEM_READERS: list[tuple[str, Callable[[str, ParsedRemarks], bool]]] = [
    ("DOB ", _birth_date),
    ("POB ", _appender("birth_places")),
    ("nationality ", _appender("nationalities")),
    ("citizen ", _appender("citizenships")),
    ("Gender ", _gender),
    ("Position: ", _appender("titles")),
    ("Linked To: ", _link),
    *((f"{word} ", _alias(name_type)) for word, name_type in _ALIAS_TYPES.items()),
]


def _read_identifier(body: str, parsed: ParsedRemarks) -> bool:
    label = _identifier_label(body)
    if label is None:
        return False
    tail = " ".join(body[len(label) :].lstrip(": ").split())
    match = _IDENTIFIER_TAIL.fullmatch(tail)
    if match is None:
        return False
    id_type, number = _IDENTIFIER_LABELS[label], match["number"]
    if id_type == "Digital Currency Address":  # "XBT 1A1zP1..." -> type names the currency
        currency, _, number = number.partition(" ")
        id_type = f"{id_type} - {currency}"
    if not _looks_like_a_number(id_type, number):
        return False
    identifier = IdentifierRecord(id_type, number, country=match["country"])
    notes = []
    if issued := match["issued"]:
        identifier.issued_on = parse_date(issued)
        if identifier.issued_on is None:
            notes.append(f"issued {issued}")
    if expires := match["expires"]:
        identifier.expires_on = parse_date(expires)
        if identifier.expires_on is None:
            notes.append(f"expires {expires}")
    identifier.note = "; ".join(notes) or None
    parsed.identifiers.append(identifier)
    return True


def _looks_like_a_number(id_type: str, number: str) -> bool:
    """Reject prose that merely starts with a label ("Passport and National ID were...")."""
    if id_type in _TEXT_VALUED_TYPES:
        return bool(number) and " " not in number
    return any(character.isdigit() for character in number) and ", " not in number


def _identifier_label(body: str) -> str | None:
    """The longest known label ``body`` starts with, followed by a space or ':'."""
    lowered = body.lower()
    first_word = _FIRST_WORD_END.split(lowered, maxsplit=1)[0]
    for lowered_label, label in _LABELS_BY_FIRST_WORD.get(first_word, ()):
        if lowered.startswith(lowered_label) and body[len(label) : len(label) + 1] in (" ", ":"):
            return label
    return None
