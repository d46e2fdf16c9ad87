"""Matching-quality benchmark: one command, a table of figures against the targets.

    .venv/bin/python benchmarks/matching_quality.py [--eval-dir ../shared/eval]
                                                    [--data-dir ../shared/data] [--only NAME]

Reads the development sets (never copied into the repository, see their README) and the
public lists, builds an in-memory key index with the same algorithm as the app (count
key hits per name, score the top K), and reports:

* name_pairs: precision / recall / F1 of compare_names at DEFAULT_THRESHOLD, per schema
  and per script;
* translit_ru: share of (Latin, Cyrillic) token pairs brought to a match;
* ru_romanisations: Russian names of the OFAC list written in Cyrillic and re-romanised
  with the iuliia schemas, searched among all OFAC names: right person first;
* un_perturbations: perturbed UN names (with perturbed DOB) among all UN names;
* negatives: people on no list searched among OFAC + UN names: share with any result at
  or above the threshold;
* timing: median retrieval + scoring time per query, keys per name.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from app.matching import (  # noqa: E402
    DEFAULT_CANDIDATES,
    DEFAULT_THRESHOLD,
    DesignationMatch,
    InMemoryKeyIndex,
    ListedName,
    Query,
    SubjectFacts,
    compare_names,
    compare_prepared,
    detect_script,
    match_designation,
    name_keys,
    prepare_name,
)
from app.matching.translit import romanise, schema_names  # noqa: E402
from app.services.importing.ofac_csv import read_ofac_csv  # noqa: E402
from app.services.importing.records import DesignationRecord  # noqa: E402
from app.services.importing.un_xml import read_un_xml  # noqa: E402
from benchmarks._common import to_cyrillic  # noqa: E402  (the benchmarks' one table)
from benchmarks._quality_common import CHECK, PARTS, TUNE, read_parts  # noqa: E402

SCHEMA_KIND = {"Person": "individual", "Vessel": "vessel"}
TARGETS = {
    "name_pairs Person F1": 0.90,
    "name_pairs all F1": 0.90,
    "translit_ru match share": 0.95,
    "translit_ar match share": 0.90,
    "translit_ar shuffled matched (max)": 0.005,
    "ru_romanisations right first": 0.98,
    "un_perturbations right first": 0.99,
    "un_perturbations top 5": 0.995,
    "negatives false-alarm share (max)": 0.003,
    "well_known top 5": 0.95,
}


# ---------------------------------------------------------------- corpus and search


@dataclass
class Designation:
    ref: str
    facts: SubjectFacts
    names: list[ListedName] = field(default_factory=list)


class Corpus:
    """Listed names in an in-memory key index, searched like the app will."""

    def __init__(self) -> None:
        self.index = InMemoryKeyIndex()
        self.designations: dict[str, Designation] = {}
        self.owner: dict[int, str] = {}
        self.keys_per_name: list[int] = []

    def add(self, ref: str, facts: SubjectFacts, text: str, name_type: str, quality: str) -> None:
        if not text.strip():
            return
        designation = self.designations.setdefault(ref, Designation(ref, facts))
        name_id = len(self.owner) + 1
        listed = ListedName(name_id, text, name_type, quality)
        designation.names.append(listed)
        self.owner[name_id] = ref
        keys = name_keys(prepare_name(text, facts.kind))
        self.keys_per_name.append(len(keys))
        self.index.add_keys(name_id, keys)

    def search(self, query: Query, limit: int = DEFAULT_CANDIDATES) -> list[DesignationMatch]:
        keys = name_keys(query.prepared(query.kind), query=True)
        refs = dict.fromkeys(self.owner[n] for n, _ in self.index.candidates(keys, limit))
        results = [
            (
                ref,
                match_designation(
                    query, self.designations[ref].names, self.designations[ref].facts
                ),
            )
            for ref in refs
        ]
        results.sort(key=lambda r: -r[1].rank_score)
        return [m for _, m in results]

    def ranked_refs(self, query: Query) -> list[tuple[str, float]]:
        keys = name_keys(query.prepared(query.kind), query=True)
        refs = dict.fromkeys(self.owner[n] for n, _ in self.index.candidates(keys))
        scored = [
            (
                ref,
                match_designation(
                    query, self.designations[ref].names, self.designations[ref].facts
                ).rank_score,
            )
            for ref in refs
        ]
        scored.sort(key=lambda r: -r[1])
        return scored


def rank_of(ranked: list[tuple[str, float]], ref: str | set[str]) -> int | None:
    """1-based rank of ``ref`` (or the best of a set of equally right refs); others with
    the same score count ahead (strict)."""
    right = {ref} if isinstance(ref, str) else ref
    scores = dict(ranked)
    found = [scores[r] for r in right if r in scores]
    if not found:
        return None
    best = max(found)
    return 1 + sum(1 for r, s in ranked if r not in right and s >= best)


# ---------------------------------------------------------------- list readers


def _facts(record: DesignationRecord) -> SubjectFacts:
    births = [(b.earliest, b.latest) for b in record.birth_dates if b.earliest or b.latest]
    return SubjectFacts(record.kind, births, record.nationalities + record.citizenships)


def _add_records(corpus: Corpus, prefix: str, records: list[DesignationRecord]) -> None:
    for record in records:
        facts = _facts(record)
        for name in record.names:
            corpus.add(prefix + record.ref, facts, name.full_name, name.name_type, name.quality)


def load_ofac(corpus: Corpus, data_dir: Path) -> dict[str, tuple[str, str]]:
    """Index OFAC SDN names as the app's reader reads them; returns ref -> (name, remarks)."""
    records = read_ofac_csv(data_dir / "ofac").records
    _add_records(corpus, "ofac:", records)
    return {"ofac:" + r.ref: (r.primary_name, r.remarks or "") for r in records}


def load_un(corpus: Corpus, data_dir: Path) -> dict[str, list[str]]:
    """Index the UN list as the app's reader reads it; returns primary name (upper) -> refs."""
    records = read_un_xml(data_dir / "un" / "UN_consolidated_2026-02.xml").records
    _add_records(corpus, "un:", records)
    primary: dict[str, list[str]] = defaultdict(list)
    for record in records:
        primary[" ".join(record.primary_name.upper().split())].append("un:" + record.ref)
    return primary


# ---------------------------------------------------------------- measurements


def _parse_dob(text: str) -> tuple[int | None, date | None]:
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return int(text), None
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        try:
            return None, date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return int(m[1]), None
    return None, None


def _pair_script(a: str, b: str) -> str:
    scripts = {detect_script(a), detect_script(b)}
    scripts.discard("Latin")
    return (
        "Latin"
        if not scripts
        else ("/".join(sorted(scripts)) if len(scripts) > 1 else scripts.pop())
    )


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bench_name_pairs(eval_dir: Path, verbose: bool) -> dict[str, float]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # tp fp fn n
    errors = []
    for part, row in read_parts(eval_dir, "name_pairs_dev.csv"):
        kind = SCHEMA_KIND.get(row["schema"], "entity")
        match = compare_names(row["name1"], row["name2"], kind)
        truth = row["is_match"] == "true"
        for group in (
            "all",
            "schema " + row["schema"],
            "script " + _pair_script(row["name1"], row["name2"]),
        ):
            c = counts[f"{part} {group}"]
            c[3] += 1
            c[0] += match.is_match and truth
            c[1] += match.is_match and not truth
            c[2] += truth and not match.is_match
        if match.is_match != truth and part == TUNE:
            errors.append(
                f"  {'FN' if truth else 'FP'} {row['schema']}: {match.summary()}"
                f"  [{row['name1']} | {row['name2']}]"
            )
    print("\nname_pairs_dev.csv (compare_names at DEFAULT_THRESHOLD)")
    print(f"  {'part group':34} {'n':>4} {'prec':>6} {'recall':>6} {'F1':>6}")
    for group in sorted(counts, key=lambda g: (g.split()[0] != TUNE, " all" not in g, g)):
        tp, fp, fn, n = counts[group]
        p, r, f = _prf(tp, fp, fn)
        print(f"  {group:34} {n:4d} {p:6.3f} {r:6.3f} {f:6.3f}")
    if verbose:
        print("  errors of the tuning part:")
        print("\n".join(errors))
    figures = {}
    for part in PARTS:
        figures[f"name_pairs Person F1 [{part}]"] = _prf(*counts[f"{part} schema Person"][:3])[2]
        figures[f"name_pairs all F1 [{part}]"] = _prf(*counts[f"{part} all"][:3])[2]
    return figures


def _shuffled(rows: list[tuple[str, str]], seed: int = 11) -> list[tuple[str, str]]:
    """Unrelated pairs: each Latin token with the other-script token of another row."""
    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    shift = max(1, len(rows) // 2)
    pairs = []
    for i, j in enumerate(order):
        k = order[(i + shift) % len(order)]
        if rows[j][0] != rows[k][0]:
            pairs.append((rows[j][0], rows[k][1]))
    return pairs


def bench_tokens(eval_dir: Path, file_name: str, column: str, label: str, verbose: bool):
    """Share of (Latin, other script) token pairs brought to a match, and of shuffled pairs."""
    rows: dict[str, list[tuple[str, str]]] = {part: [] for part in PARTS}
    for part, row in read_parts(eval_dir, file_name):
        rows[part].append((row["latin_token"], row[column]))
    print(f"\n{file_name}")
    figures = {}
    for part in PARTS:
        matched = shared_keys = 0
        misses = []
        for latin, other in rows[part]:
            a = prepare_name(latin, "individual")
            b = prepare_name(other, "individual")
            # Retrievable: the index would find one from the other (keys intersect).
            shared_keys += bool(name_keys(a) & name_keys(b, query=True))
            if compare_prepared(a, b).is_match:
                matched += 1
            elif part == TUNE and len(misses) < 60:
                misses.append(f"  {latin} {other} -> {a.normalised} / {b.normalised}")
        unrelated = _shuffled(rows[part])
        alarms = sum(
            compare_prepared(
                prepare_name(latin, "individual"), prepare_name(other, "individual")
            ).is_match
            for latin, other in unrelated
        )
        total = len(rows[part])
        print(
            f"  [{part}] pairs {total}, brought to a match {matched / total:.3f}, keys "
            f"intersect {shared_keys / total:.3f}; shuffled pairs matched "
            f"{alarms / len(unrelated):.4f} ({alarms} of {len(unrelated)})"
        )
        if verbose and part == TUNE:
            print("\n".join(misses))
        figures[f"{label} match share [{part}]"] = matched / total
        figures[f"{label} keys intersect [{part}]"] = shared_keys / total
        figures[f"{label} shuffled matched (max) [{part}]"] = alarms / len(unrelated)
    return figures


_PATRONYMIC = re.compile(r"(ovich|evich|ovna|evna|ich|ichna)$", re.I)


def bench_russian(data_dir: Path, verbose: bool, max_people: int = 250) -> dict[str, float]:
    corpus = Corpus()
    entries = load_ofac(corpus, data_dir)
    people = []
    for ref, (name, _) in entries.items():
        surname, _, given = name.partition(",")
        words = given.split()
        if corpus.designations[ref].facts.kind != "individual" or len(words) != 2:
            continue
        if _PATRONYMIC.search(words[1]) and re.fullmatch(r"[A-Za-z' ,-]+", name):
            people.append((ref, to_cyrillic(f"{words[0]} {words[1]} {surname}")))
    step = max(1, len(people) // max_people)
    people = people[::step][:max_people]
    firsts = total = 0
    misses = []
    times = []
    for ref, cyrillic in people:
        given, patronymic, surname = cyrillic.split(" ", 2)
        variants = [cyrillic, f"{given} {surname}", f"{surname} {given} {patronymic}"]
        queries = list(variants)
        for schema in schema_names():
            queries.append(romanise(cyrillic, schema))
            queries.append(romanise(f"{given} {surname}", schema))
        for text in queries:
            query = Query(text, kind="individual")
            start = time.perf_counter()
            ranked = corpus.ranked_refs(query)
            times.append(time.perf_counter() - start)
            rank = rank_of(ranked, ref)
            total += 1
            firsts += rank == 1
            if rank != 1 and len(misses) < 40:
                top = ranked[0] if ranked else ("-", 0)
                misses.append(
                    f"  {text!r} -> rank {rank}; want {entries[ref][0]!r}, "
                    f"top {entries.get(top[0], ('?',))[0]!r} {top[1]:.2f}"
                )
    print(
        f"\nRussian names of OFAC SDN, Cyrillic + {len(schema_names())} iuliia romanisations,"
        f" searched among {len(corpus.owner)} OFAC names"
    )
    print(
        f"  people {len(people)}, queries {total}, right person first {firsts / total:.4f}, "
        f"median search {statistics.median(times) * 1000:.1f} ms"
    )
    if verbose:
        print("\n".join(misses))
    return {"ru_romanisations right first": firsts / total}


def _born_on(corpus: Corpus, refs: list[str], dob: str) -> set[str]:
    year, born = _parse_dob(dob)
    if len(refs) == 1 or (year is None and born is None):
        return set(refs)
    right = set()
    for ref in refs:
        for lo, hi in corpus.designations[ref].facts.birth_ranges:
            if lo and hi and (born and lo <= born <= hi or year and lo.year <= year <= hi.year):
                right.add(ref)
    return right or set(refs)


def bench_un(eval_dir: Path, data_dir: Path, verbose: bool) -> dict[str, float]:
    corpus = Corpus()
    primary = load_un(corpus, data_dir)
    first = dict.fromkeys(PARTS, 0)
    top5 = dict.fromkeys(PARTS, 0)
    total = dict.fromkeys(PARTS, 0)
    unknown = 0
    misses = []
    times = []
    for part, row in read_parts(eval_dir, "un_perturbations_dev.csv"):
        refs = primary.get(" ".join(row["original_full_name"].upper().split()), [])
        if not refs:
            unknown += 1
            continue
        # Several people can share a name: the right one is born on the original date
        # (listed duplicates with the same name and date count as the same person).
        ref = _born_on(corpus, refs, row["original_dob"])
        year, born = _parse_dob(row["perturbed_dob"])
        query = Query(
            row["perturbed_full_name"], kind="individual", birth_year=year, birth_date=born
        )
        start = time.perf_counter()
        ranked = corpus.ranked_refs(query)
        times.append(time.perf_counter() - start)
        rank = rank_of(ranked, ref)
        total[part] += 1
        first[part] += rank == 1
        top5[part] += rank is not None and rank <= 5
        if rank != 1 and part == TUNE and len(misses) < 40:
            misses.append(
                f"  {row['perturbed_full_name']!r} -> rank {rank} "
                f"(want {row['original_full_name']!r}; top {ranked[:1]})"
            )
    print(
        f"\nun_perturbations_dev.csv among {len(corpus.owner)} UN names"
        f" ({unknown} originals not found on the list)"
    )
    figures = {}
    for part in PARTS:
        n = total[part]
        print(
            f"  [{part}] queries {n}, right first {first[part] / n:.4f}, top 5 {top5[part] / n:.4f}"
        )
        figures[f"un_perturbations right first [{part}]"] = first[part] / n
        figures[f"un_perturbations top 5 [{part}]"] = top5[part] / n
    print(f"  median search {statistics.median(times) * 1000:.1f} ms")
    if verbose:
        print("\n".join(misses))
    return figures


def bench_negatives(eval_dir: Path, data_dir: Path, verbose: bool) -> dict[str, float]:
    corpus = Corpus()
    load_ofac(corpus, data_dir)
    load_un(corpus, data_dir)
    alarms = dict.fromkeys(PARTS, 0)
    total = dict.fromkeys(PARTS, 0)
    details = []
    times = []
    for part, row in read_parts(eval_dir, "negatives_dev.csv"):
        if not row["full_name"].strip():
            continue
        total[part] += 1
        query = Query(row["full_name"], kind="individual")
        start = time.perf_counter()
        results = corpus.search(query)
        times.append(time.perf_counter() - start)
        if results and results[0].is_match:
            alarms[part] += 1
            if part == TUNE:
                details.append(f"  {row['full_name']!r}: {results[0].summary()}")
    print(f"\nnegatives_dev.csv among {len(corpus.owner)} OFAC + UN names (name only)")
    figures = {}
    for part in PARTS:
        n = total[part]
        print(
            f"  [{part}] queries {n}, with a result >= {DEFAULT_THRESHOLD}: {alarms[part]} "
            f"({alarms[part] / n:.4f})"
        )
        figures[f"negatives false-alarm share (max) [{part}]"] = alarms[part] / n
    print(
        f"  median search {statistics.median(times) * 1000:.1f} ms, "
        f"p95 {statistics.quantiles(times, n=20)[-1] * 1000:.1f} ms"
    )
    print(
        f"  keys per listed name: mean {statistics.mean(corpus.keys_per_name):.1f}, "
        f"max {max(corpus.keys_per_name)}"
    )
    _speed(corpus, eval_dir)
    if verbose:
        print("  false alarms of the tuning part:")
        print("\n".join(details[:60]))
    return figures


def _speed(corpus: Corpus, eval_dir: Path, names: int = 300, queries: int = 200) -> None:
    """Time to prepare a query and to score it against ``names`` candidate names."""
    rows = [row for _, row in read_parts(eval_dir, "negatives_dev.csv")]
    prepare_times, score_times = [], []
    for row in rows[:queries]:
        text = row["full_name"] + " "  # a text not yet in prepare_name's cache
        start = time.perf_counter()
        query = Query(text, kind="individual")
        prepared = query.prepared("individual")
        keys = name_keys(prepared)
        prepare_times.append(time.perf_counter() - start)
        candidates = corpus.index.candidates(keys, names)
        listed = []
        for name_id, _ in candidates:
            designation = corpus.designations[corpus.owner[name_id]]
            text_of = {n.name_id: n.text for n in designation.names}[name_id]
            listed.append(prepare_name(text_of, designation.facts.kind))
        start = time.perf_counter()
        for candidate in listed:
            compare_prepared(prepared, candidate)
        score_times.append((time.perf_counter() - start) * names / max(1, len(listed)))
    print(
        f"  speed: prepare + keys median {statistics.median(prepare_times) * 1000:.2f} ms; "
        f"scoring {names} candidate names median {statistics.median(score_times) * 1000:.1f} ms,"
        f" p95 {statistics.quantiles(score_times, n=20)[-1] * 1000:.1f} ms"
    )


def bench_scale(
    eval_dir: Path, data_dir: Path, size: int, verbose: bool, max_key_share: float | None
) -> dict[str, float]:
    """UN perturbations searched among the UN list plus ``size`` synthetic people.

    Synthetic names recombine the given names and surnames of the OFAC and UN lists, so
    common tokens (Mohammed, Ali, Kim) are as common as on real lists. Reports how many
    postings a query touches (a proxy for the database's work) and whether the right
    person still comes first among that many names.
    """
    import random

    corpus = Corpus()
    if max_key_share is not None:
        corpus.index.max_key_share = max_key_share
    primary = load_un(corpus, data_dir)
    given: list[str] = []
    surnames: list[str] = []
    for record in read_ofac_csv(data_dir / "ofac").records:
        if record.kind == "individual" and "," in record.primary_name:
            surname, _, first = record.primary_name.partition(",")
            surnames.append(surname.strip())
            given.extend(first.split()[:2])
    rng = random.Random(7)
    facts = SubjectFacts("individual", [], [])
    start = time.perf_counter()
    for i in range(size):
        parts = [rng.choice(given) for _ in range(rng.choice((1, 1, 2)))]
        corpus.add(f"syn:{i}", facts, " ".join([*parts, rng.choice(surnames)]), "primary", "strong")
    print(
        f"\nscale: {size} synthetic people + UN names = {len(corpus.owner)} names, "
        f"indexed in {time.perf_counter() - start:.0f} s"
    )
    first = total = 0
    postings, times = [], []
    for _, row in read_parts(eval_dir, "un_perturbations_dev.csv"):
        refs = primary.get(" ".join(row["original_full_name"].upper().split()), [])
        if not refs:
            continue
        year, born = _parse_dob(row["perturbed_dob"])
        query = Query(
            row["perturbed_full_name"], kind="individual", birth_year=year, birth_date=born
        )
        keys = name_keys(query.prepared("individual"), query=True)
        cap = corpus.index.max_key_share * len(corpus.index)
        counts = [corpus.index.key_count(k) for k in keys]
        postings.append(sum(c for c in counts if c <= cap) or sum(counts))
        t0 = time.perf_counter()
        ranked = corpus.ranked_refs(query)
        times.append(time.perf_counter() - t0)
        total += 1
        rank = rank_of(ranked, _born_on(corpus, refs, row["original_dob"]))
        first += rank == 1
        if verbose and rank != 1:
            print(f"  {row['perturbed_full_name']!r}: rank {rank}, top {ranked[:2]}")
    print(
        f"  right first {first / total:.4f}; postings read per query median "
        f"{statistics.median(postings):.0f}, p95 {statistics.quantiles(postings, n=20)[-1]:.0f};"
        f" in-memory search median {statistics.median(times) * 1000:.1f} ms"
    )
    return {f"scale {size} right first": first / total}


def bench_known(data_dir: Path, verbose: bool) -> dict[str, float]:
    from benchmarks.well_known_names import bench_well_known

    corpus = Corpus()
    load_ofac(corpus, data_dir)
    load_un(corpus, data_dir)
    return bench_well_known(corpus, rank_of, verbose)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument(
        "--only", help="run one part: pairs, translit, translit_ar, ru, un, negatives, known"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="list errors")
    parser.add_argument(
        "--scale", type=int, default=0, help="also search UN names among N synthetic people"
    )
    parser.add_argument(
        "--max-key-share", type=float, help="with --scale: skip keys above this share"
    )
    args = parser.parse_args()
    parts: dict[str, Callable[[], dict[str, float]]] = {
        "pairs": lambda: bench_name_pairs(args.eval_dir, args.verbose),
        "translit": lambda: bench_tokens(
            args.eval_dir,
            "translit_ru_tokens_dev.csv",
            "russian_token",
            "translit_ru",
            args.verbose,
        ),
        "translit_ar": lambda: bench_tokens(
            args.eval_dir, "translit_ar_tokens_dev.csv", "arabic_token", "translit_ar", args.verbose
        ),
        "ru": lambda: bench_russian(args.data_dir, args.verbose),
        "un": lambda: bench_un(args.eval_dir, args.data_dir, args.verbose),
        "negatives": lambda: bench_negatives(args.eval_dir, args.data_dir, args.verbose),
        "known": lambda: bench_known(args.data_dir, args.verbose),
    }
    if args.scale:
        parts["scale"] = lambda: bench_scale(
            args.eval_dir, args.data_dir, args.scale, args.verbose, args.max_key_share
        )
    figures: dict[str, float] = {}
    for name, run in parts.items():
        if args.only in (None, name):
            figures.update(run())
    print(f"\nSummary (DEFAULT_THRESHOLD = {DEFAULT_THRESHOLD}, K = {DEFAULT_CANDIDATES})")
    print(f"  {'figure':44} {TUNE:>7} {CHECK:>7} {'target':>7}")
    names = dict.fromkeys(n.rsplit(" [", 1)[0] for n in figures)
    for name in names:
        if name in figures:  # not split (a list-derived set, or the scale run)
            values = f"{figures[name]:15.4f}"
            checked = figures[name]
        else:
            checked = figures[f"{name} [{CHECK}]"]
            values = f"{figures[f'{name} [{TUNE}]']:7.4f} {checked:7.4f}"
        target = TARGETS.get(name)
        if target is None:
            print(f"  {name:44} {values}")
            continue
        ok = checked <= target if "(max)" in name else checked >= target
        print(f"  {name:44} {values} {target:7.3f} {'ok' if ok else 'SHORT'}")


if __name__ == "__main__":
    main()
