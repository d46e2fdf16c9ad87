"""How the source-file readers refuse a file, and when."""

from __future__ import annotations

from app.services.importing.records import RowError

# A file with more than this share of malformed rows (or entries) is refused as
# garbled rather than imported with holes: a few bad rows are typos, many mean a wrong
# or broken file. Readers take it as a keyword argument so configuration can override it.
MAX_MALFORMED_SHARE = 0.01


class SourceFileError(Exception):
    """A source file the importer must refuse as a whole: missing, truncated or garbled.

    The message names the file and what is wrong with it, so the person running the
    import knows what to fix (download it again, pick the right file, ...).
    """


def refuse_if_garbled(
    file_name: str, errors: list[RowError], total: int, max_share: float = MAX_MALFORMED_SHARE
) -> None:
    """Raise SourceFileError when more than ``max_share`` of ``total`` rows were malformed."""
    if errors and len(errors) > max_share * total:
        first = errors[0]
        raise SourceFileError(
            f"{file_name} looks garbled: {len(errors)} of {total} rows are malformed "
            f"(first: line {first.line}, {first.message}); is it the right file?"
        )
