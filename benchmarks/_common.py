"""Helpers shared by the benchmarks: a fresh migrated database, the shared data, machine facts."""

from __future__ import annotations

import os
import platform
import statistics
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade

from app import create_app
from app.extensions import db

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
OFAC_DIR = SHARED_DATA / "ofac"
UN_FILE = SHARED_DATA / "un" / "UN_consolidated_2026-02.xml"
OUT_DIR = REPO_ROOT / "benchmarks" / "out"


def fresh_app(name: str) -> Flask:
    """An app on a new, migrated SQLite file under benchmarks/out/."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"{name}.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        upgrade()
    return app


def fresh_postgres_app(url: str) -> Flask:
    """An app on the PostgreSQL database at ``url``, emptied and migrated (it is wiped!)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade()
    return app


def close(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, SQLite"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def median(values: list[float]) -> float:
    return statistics.median(values)


# Latin -> Russian Cyrillic, longest spellings first: a rough inverse of the BGN/PCGN-like
# romanisation OFAC uses for Russian names. The one table of the benchmarks (search speed
# and matching quality make their Cyrillic queries with it).
LATIN_TO_CYRILLIC = [
    ("shch", "щ"),
    ("kh", "х"),
    ("ts", "ц"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("zh", "ж"),
    ("yu", "ю"),
    ("ya", "я"),
    ("yo", "ё"),
    ("ye", "е"),
    ("iy", "ий"),
    ("yy", "ый"),
    ("a", "а"),
    ("b", "б"),
    ("v", "в"),
    ("g", "г"),
    ("d", "д"),
    ("e", "е"),
    ("z", "з"),
    ("i", "и"),
    ("y", "ы"),
    ("k", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("u", "у"),
    ("f", "ф"),
    ("'", "ь"),
    # Letters Russian romanisation does not use alone, given their nearest sound.
    ("c", "к"),
    ("h", "х"),
    ("j", "й"),
    ("w", "в"),
    ("x", "кс"),
    ("q", "к"),
]
_CYRILLIC_VOWELS = "аеёиоуыэюя"


def to_cyrillic(latin: str) -> str:
    """A Latin-script Russian name in Cyrillic, word by word: "Sergey Lavrov" -> "Сергей Лавров"."""
    words = []
    for word in latin.lower().split():
        out, i = [], 0
        while i < len(word):
            for lat, cyr in LATIN_TO_CYRILLIC:
                if word.startswith(lat, i):
                    if lat == "y" and out and out[-1] in _CYRILLIC_VOWELS:
                        cyr = "й"  # y after a vowel is й, not ы
                    out.append(cyr)
                    i += len(lat)
                    break
            else:
                out.append(word[i])
                i += 1
        words.append("".join(out).capitalize())
    return " ".join(words)


def run_search(query, filters, threshold=None, sort="score"):
    """The search service with the app's settings (in an app context), on any commit.

    The A/B runs (benchmarks/ab.py) run these scripts against older commits, where the
    runner lived in app.services.search_runner.
    """
    try:
        from app.runners import run_search as runner
    except ImportError:  # before the runners moved (commit 60184cf and earlier)
        from app.services.search_runner import run_search as runner
    return runner(query, filters, threshold=threshold, sort=sort)


def run_import(format_name, path):
    """The import service with the app's settings (in an app context), on any commit."""
    try:
        from app.runners import run_import as runner
    except ImportError:  # before the runners moved
        from app.services.importing.service import run_import as runner
    return runner(format_name, path)
