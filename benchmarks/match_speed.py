"""POST /match/default speed: batches of yente-shaped queries against a full list database.

    .venv/bin/python benchmarks/match_speed.py --database sqlite:///PATH [--batch 100] [--names 1]
        [--chars 0] [--random-words] [--runs 3]

The database must hold imported lists (for example the full OFAC SDN list, as
benchmarks/screening_speed.py builds it). Each batch has --batch queries: half
listed names, half generated people who are not listed; each query carries --names
names (the listed name and spelling variants), so --names 5 is the most work
MATCH_MAX_NAMES_PER_QUERY allows. --chars pads each name to that length with its own
words; --random-words instead makes every name of --chars characters (default 40) of
random listed words, the costliest names to search (each word finds candidates).
Reports the median wall time and CPU time of --runs requests through the app's test
client (no HTTP), a name and a character: what MATCH_MAX_BATCH_CHARS is set from. The
batch limits are lifted for the measurement.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import machine, median  # noqa: E402
from benchmarks._corpus import generate_names  # noqa: E402
from benchmarks.search_speed import _typo  # noqa: E402

SEED = 20261201


def _random_words(words: list[str], length: int, rng: random.Random) -> str:
    text = ""
    while len(text) < length:
        text += rng.choice(words) + " "
    return text[:length].strip()


def build_batch(app, size: int, names_per_query: int, chars: int, random_words: bool) -> dict:  # noqa: ANN001
    from sqlalchemy import text

    from app.extensions import db

    rng = random.Random(SEED)
    with app.app_context():
        listed = db.session.execute(
            text(
                "SELECT primary_name, kind FROM designations WHERE status = 'active'"
                " AND kind = 'individual' ORDER BY id"
            )
        ).all()
    rng.shuffle(listed)
    given = sorted({n.split(", ", 1)[1].split()[0] for n, _k in listed if ", " in n} - {""})
    unlisted = [" ".join(reversed(g.split(", ", 1))) for g in generate_names(size, given)]
    words = sorted({w for n, _k in listed for w in n.replace(",", " ").split() if len(w) > 3})
    queries = {}
    for index in range(size):
        if index % 2 == 0:
            name = listed[index % len(listed)][0]
        else:
            name = unlisted[index]
        names = [name] + [_typo(name, rng) for _ in range(names_per_query - 1)]
        if random_words:
            names = [_random_words(words, chars or 40, rng) for _ in names]
        elif chars:  # long names: the name's words repeated up to --chars characters
            names = [((n + " ") * (chars // len(n) + 1))[:chars].strip() for n in names]
        queries[f"q{index}"] = {"schema": "Person", "properties": {"name": names}}
    return {"queries": queries}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--names", type=int, default=1)
    parser.add_argument("--chars", type=int, default=0, help="pad each name to this length")
    parser.add_argument("--random-words", action="store_true", help="names of random words")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from app import create_app

    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=args.database,
        RATELIMIT_ENABLED=False,
        MATCH_MAX_QUERIES=10_000,
        MATCH_MAX_BATCH_CHARS=10**9,
    )
    body = build_batch(app, args.batch, args.names, args.chars, args.random_words)
    client = app.test_client()
    client.post("/match/default", json={"queries": {"w": {"properties": {"name": ["x y"]}}}})
    walls, cpus = [], []
    for _run in range(args.runs):
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.post("/match/default", json=body)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        assert response.status_code == 200, response.get_json()
    names = [n for q in body["queries"].values() for n in q["properties"]["name"]]
    chars = sum(len(n) for n in names)
    print(machine())
    print(
        f"{args.batch} queries x {args.names} names ({chars} characters): median wall "
        f"{median(walls):.2f} s, CPU {median(cpus):.2f} s "
        f"({1000 * median(cpus) / len(names):.1f} ms CPU a name, "
        f"{1000 * median(cpus) / chars:.2f} ms a character)"
    )


if __name__ == "__main__":
    main()
