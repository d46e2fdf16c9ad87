"""Identification numbers (passport, national id, tax id, IMO, ...) reduced to one key.

Sources and users write the same number differently: "AB 123-456", "ab123456",
"IMO 9187629" or "9187629". The key keeps letters and digits only, in one case,
so all of them compare equal. Pure Python: the index column and every lookup use it.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_ALNUM = re.compile(r"[\W_]+")
# "IMO 9187629": the prefix names the scheme, the seven digits are the number.
_IMO_PREFIX = re.compile(r"^imo(?=\d{7}$)")
MAX_KEY_LENGTH = 200

# Identifier types as sources name them -> the kind of number (and FtM property). The
# first pattern found (as whole words, case ignored) decides.
_CATEGORIES: tuple[tuple[str, str], ...] = (
    (r"vessel type", "vessel_type"),
    (r"vessel flag", "vessel_flag"),
    (r"ofsi group id", "list_ref"),
    (r"imo", "imo"),
    (r"passport", "passport"),
    (r"travel document", "passport"),
    (r"tax|v\.a\.t\.?|vat|fiscal|r\.f\.c\.?|rfc|nit|inn|fein", "tax"),
    (r"mmsi", "mmsi"),
    (r"swift|bic", "swift"),
    (r"website", "website"),
    (r"email", "email"),
    (r"phone|telephone|fax", "phone"),
    (r"call sign", "call_sign"),
    (r"aircraft", "aircraft"),
    (r"digital currency", "crypto"),
    (
        r"registration|register|registry|company number|business number|commercial"
        r"|incorporation|social credit code|legal entity|ogrn|chamber of commerce"
        r"|enterprise number|trade license",
        "registration",
    ),
)
_CATEGORY_PATTERNS = tuple(
    (re.compile(rf"(?<![a-z])(?:{pattern})(?![a-z])", re.IGNORECASE), category)
    for pattern, category in _CATEGORIES
)


def identifier_key(number: str | None) -> str:
    """The number with case, spaces, dashes and punctuation ignored ("" if none left)."""
    if not number:
        return ""
    text = unicodedata.normalize("NFKC", number).casefold()
    key = _NOT_ALNUM.sub("", text)
    return _IMO_PREFIX.sub("", key)[:MAX_KEY_LENGTH]


def identifier_category(id_type: str | None) -> str:
    """What kind of number an identifier type names: passport, tax, imo, ... or "id"."""
    text = id_type or ""
    for pattern, category in _CATEGORY_PATTERNS:
        if pattern.search(text):
            return category
    return "id"
