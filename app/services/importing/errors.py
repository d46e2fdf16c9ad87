"""Errors the source-file readers raise."""

from __future__ import annotations


class SourceFileError(Exception):
    """A source file the importer must refuse as a whole: missing, truncated or garbled.

    The message names the file and what is wrong with it, so the person running the
    import knows what to fix (download it again, pick the right file, ...).
    """
