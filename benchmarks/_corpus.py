"""A million generated names for benchmarks/search_speed.py: people who are not listed.

Bulk-loaded straight into the tables (the app's writer would take an hour for a
million), with the search keys made by the app's own ``keys_for_name``.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import sys
import time
from pathlib import Path

SEED = 20121214  # the same fixed seed as search_speed.py: the same million names

_ONSETS = [
    "b",
    "br",
    "ch",
    "d",
    "dr",
    "f",
    "g",
    "gr",
    "h",
    "j",
    "k",
    "kh",
    "kr",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "sh",
    "st",
    "t",
    "tr",
    "v",
    "z",
    "zh",
    "ts",
    "y",
    "",
]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ia", "ou", "y", "ee", "ei"]
_CODAS = ["", "", "n", "r", "s", "l", "k", "m", "t", "v", "sh", "ng"]
_ENDINGS = [
    "ov",
    "ova",
    "ev",
    "enko",
    "ski",
    "son",
    "ez",
    "ini",
    "ian",
    "ić",
    "ani",
    "o",
    "er",
    "",
    "",
]


def _synthetic_word(rng: random.Random, syllables: int) -> str:
    return "".join(
        rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
    )


def listed_designations(database_uri: str) -> tuple[list, list[str]]:
    """The active designations (id, primary name, kind, earliest birth date), in id order,
    and the given names of the listed individuals, for building benchmark inputs."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_uri)
    with engine.connect() as connection:
        listed = connection.execute(
            text(
                "SELECT d.id, d.primary_name, d.kind, MIN(b.earliest)"
                " FROM designations d LEFT JOIN birth_dates b ON b.designation_id = d.id"
                " WHERE d.status = 'active' GROUP BY d.id ORDER BY d.id"
            )
        ).all()
    engine.dispose()
    given_names = sorted(
        {n.split(", ", 1)[1].split()[0] for _, n, k, _ in listed if k == "individual" and ", " in n}
        - {""}
    )
    return list(listed), given_names


def generate_names(count: int, given_names: list[str]) -> list[str]:
    """Plausible person names: real given names with generated surnames and patronymics."""
    rng = random.Random(SEED)
    names = []
    for _ in range(count):
        surname = (_synthetic_word(rng, rng.choice([1, 2, 2, 3])) + rng.choice(_ENDINGS)).upper()
        given = rng.choice(given_names)
        if rng.random() < 0.4:
            given += (
                " "
                + _synthetic_word(rng, 2).capitalize()
                + rng.choice(["ovich", "evna", "ich", ""])
            )
        names.append(f"{surname}, {given}")
    return names


def _keys_for_chunk(names: list[str]) -> list[list[str]]:
    from app.services.search_index import keys_for_name

    return [sorted(keys_for_name(name, "individual")) for name in names]


def add_generated_corpus(db_path: Path, count: int) -> float:
    """Bulk-load generated people straight into the tables, keys made by the app's functions."""
    import sqlite3

    started = time.perf_counter()
    connection = sqlite3.connect(db_path)
    given_names = sorted(
        {
            row[0].split(", ", 1)[1].split()[0]
            for row in connection.execute(
                "SELECT primary_name FROM designations"
                " WHERE kind = 'individual' AND primary_name LIKE '%, %'"
            )
            if row[0].split(", ", 1)[1].split()
        }
    )
    names = generate_names(count, given_names)
    chunk = 20_000
    with multiprocessing.Pool(os.cpu_count() or 2) as pool:
        key_lists = pool.imap(
            _keys_for_chunk, (names[i : i + chunk] for i in range(0, count, chunk))
        )
        next_designation = (
            connection.execute("SELECT COALESCE(MAX(id), 0) FROM designations").fetchone()[0] + 1
        )
        next_name = (
            connection.execute("SELECT COALESCE(MAX(id), 0) FROM designation_names").fetchone()[0]
            + 1
        )
        now = "2026-01-01 00:00:00.000000"
        # The key index (under the name the database's migrations gave it) is dropped for
        # the bulk insert and built again after it.
        indexes = {
            row[0]: row[1]
            for row in connection.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                " AND name LIKE 'ix_name_keys_key_designation%'"
            )
        }
        for index_name in indexes:
            connection.execute(f"DROP INDEX {index_name}")
        offset = 0
        for keys_chunk in key_lists:
            designations, name_rows, key_rows = [], [], []
            for name, keys in zip(
                names[offset : offset + len(keys_chunk)], keys_chunk, strict=True
            ):
                d_id, n_id = next_designation, next_name
                next_designation += 1
                next_name += 1
                designations.append((d_id, "individual", name, "[]", "active", now, now, 1))
                name_rows.append((n_id, d_id, name, "primary", "strong", "Latin", 0))
                key_rows.extend((key, n_id, d_id) for key in keys)
            offset += len(keys_chunk)
            connection.executemany(
                "INSERT INTO designations (id, kind, primary_name, titles, status,"
                " created_at, updated_at, version) VALUES (?,?,?,?,?,?,?,?)",
                designations,
            )
            connection.executemany(
                "INSERT INTO designation_names (id, designation_id, full_name, name_type,"
                " quality, script, position) VALUES (?,?,?,?,?,?,?)",
                name_rows,
            )
            connection.executemany(
                "INSERT INTO name_keys (key, name_id, designation_id) VALUES (?,?,?)", key_rows
            )
            connection.commit()
            print(f"  generated {offset:,}/{count:,}", file=sys.stderr, flush=True)
    for sql in indexes.values():
        connection.execute(sql)
    connection.execute("ANALYZE")
    connection.commit()
    connection.close()
    return time.perf_counter() - started
