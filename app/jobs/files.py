"""Files kept for background jobs under a random token: uploads waiting for an import,
screening inputs and results.

One store per purpose, each a folder (by default under the instance folder; a setting
moves it). When the web process and separate workers run the jobs, that folder must
be one that all of them read and write (a shared volume): a job may run in another
process than the one that took the upload. Each entry is ``<base>/<token>/`` holding
the files and a small ``meta.json``; entries older than the store's age limit are
removed by ``discard_stale`` (the job runner calls it periodically).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from pathlib import Path

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
META = "meta.json"


def new_token() -> str:
    """A random, unguessable token (also the format of job ids)."""
    return secrets.token_urlsafe(24)


def valid_token(token: str | None) -> bool:
    return bool(token) and bool(TOKEN.match(token or ""))


class FileStore:
    """Folders under ``base``, one per token."""

    def __init__(self, base: Path | str) -> None:
        self.base = Path(base)

    def create(self, meta: dict, token: str | None = None) -> str:
        token = token or new_token()
        self.folder(token).mkdir(parents=True)
        self.write_meta(token, meta)
        return token

    def folder(self, token: str) -> Path:
        if not valid_token(token):
            raise ValueError("not a file-store token")
        return self.base / token

    def exists(self, token: str) -> bool:
        return valid_token(token) and (self.base / token / META).is_file()

    def read_meta(self, token: str) -> dict | None:
        if not valid_token(token):
            return None
        try:
            meta = json.loads((self.base / token / META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return meta if isinstance(meta, dict) else None

    def write_meta(self, token: str, meta: dict) -> None:
        """Replace the entry's meta.json atomically: a reader never sees half of it."""
        path = self.folder(token) / META
        temporary = path.with_name(f".{META}.{secrets.token_hex(4)}.tmp")
        temporary.write_text(json.dumps(meta), encoding="utf-8")
        os.replace(temporary, path)

    def discard(self, token: str | None) -> None:
        if valid_token(token):
            shutil.rmtree(self.base / token, ignore_errors=True)

    def discard_files(self, token: str | None, **note: object) -> None:
        """Remove the entry's files but keep its meta.json (noting ``discarded``), so its
        pages can still say what happened; ``discard_stale`` removes the rest later."""
        meta = self.read_meta(token)
        if meta is None:
            return
        for path in self.folder(token).iterdir():
            if path.name == META:
                continue
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        self.write_meta(token, {**meta, **note, "discarded": True})

    def discard_stale(self, max_age_seconds: float) -> int:
        """Remove entries older than ``max_age_seconds``; how many were removed."""
        if not self.base.is_dir():
            return 0
        limit = time.time() - max_age_seconds
        removed = 0
        for folder in self.base.iterdir():
            try:
                stale = folder.is_dir() and folder.stat().st_mtime < limit
            except OSError:
                continue
            if stale and valid_token(folder.name):
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        return removed


def write_atomically(path: Path, write) -> None:  # noqa: ANN001
    """Call ``write(temporary_path)``, then rename the result into place."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        write(temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
