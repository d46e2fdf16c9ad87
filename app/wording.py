"""Counts in words: "1 row", "2 rows" (one place for the plural, pages and messages alike)."""

from __future__ import annotations

from flask import Flask


def plural(word: str, count: int, plural_form: str | None = None) -> str:
    """``word`` for a count of one, else its plural (``word + "s"`` unless given)."""
    return word if count == 1 else plural_form or f"{word}s"


def counted(count: int, word: str, plural_form: str | None = None) -> str:
    """``1,234 rows``, ``1 row``: the count with thousands separators and the right form."""
    return f"{count:,} {plural(word, count, plural_form)}"


def register(app: Flask) -> None:
    """Make both available to templates as filters: ``{{ n|counted("row") }}``."""
    app.add_template_filter(counted)
    app.add_template_filter(plural)
