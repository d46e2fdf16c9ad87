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
