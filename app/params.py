"""Validation of API query parameters: every error names its parameter."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from werkzeug.datastructures import MultiDict


class ParameterError(ValueError):
    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message


def text(args: MultiDict, name: str, max_length: int, required: bool = False) -> str | None:
    value = (args.get(name) or "").strip()
    if not value:
        if required:
            raise ParameterError(name, "is required and must not be empty")
        return None
    if len(value) > max_length:
        raise ParameterError(name, f"must be at most {max_length} characters")
    if "\x00" in value:
        raise ParameterError(name, "must not contain NUL characters")
    return value


def integer(
    args: MultiDict, name: str, default: int | None, minimum: int, maximum: int
) -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ParameterError(name, "must be a whole number") from None
    if not minimum <= value <= maximum:
        raise ParameterError(name, f"must be between {minimum} and {maximum}")
    return value


def number(args: MultiDict, name: str, minimum: float, maximum: float) -> float | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ParameterError(name, "must be a number") from None
    if not minimum <= value <= maximum:  # also rejects NaN
        raise ParameterError(name, f"must be between {minimum:g} and {maximum:g}")
    return value


def iso_date(args: MultiDict, name: str) -> date | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ParameterError(name, "must be a date as YYYY-MM-DD") from None


def choice(
    args: MultiDict, name: str, choices: Collection[str], default: str | None = None
) -> str | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    if raw not in choices:
        raise ParameterError(name, f"must be one of: {', '.join(sorted(choices))}")
    return raw


# Other vocabularies for a kind: FollowTheMoney schemas (OpenSanctions, yente) and plain
# words, so a client written for those tools need not translate.
KIND_ALIASES = {
    "person": "individual",
    "company": "entity",
    "organization": "entity",
    "organisation": "entity",
    "legalentity": "entity",
    "airplane": "aircraft",
}


def kind(args: MultiDict, name: str, kinds: Collection[str]) -> str | None:
    """A designation kind, also accepting the aliases above in any case."""
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    value = KIND_ALIASES.get(raw.lower(), raw.lower())
    if value not in kinds:
        allowed = sorted({*kinds, *KIND_ALIASES})
        raise ParameterError(name, f"must be one of: {', '.join(allowed)}")
    return value


def jurisdiction_measures(
    args: MultiDict, name: str, measure_types: Collection[str], max_items: int = 10
) -> tuple[tuple[str, str], ...]:
    """Repeated "JURISDICTION:measure_type" values, e.g. has=US:visa_ban&has=UK:asset_freeze."""
    values = [v.strip() for v in args.getlist(name) if v.strip()]
    if len(values) > max_items:
        raise ParameterError(name, f"may be given at most {max_items} times")
    pairs = []
    for value in values:
        jurisdiction, _, measure = value.partition(":")
        if not jurisdiction.isalpha() or len(jurisdiction) > 8 or measure not in measure_types:
            raise ParameterError(
                name, f"must look like US:visa_ban (jurisdiction:measure), not {value[:40]!r}"
            )
        pairs.append((jurisdiction.upper(), measure))
    return tuple(pairs)
