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
import csv
import re
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterator
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

SCHEMA_KIND = {"Person": "individual", "Vessel": "vessel"}
TARGETS = {
    "name_pairs Person F1": 0.90,
    "translit_ru match share": 0.95,
    "ru_romanisations right first": 0.98,
    "un_perturbations right first": 0.99,
    "un_perturbations top 5": 0.995,
    "negatives false-alarm share (max)": 0.005,
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


def _csv_rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        yield from csv.reader(handle)


def _clean(value: str) -> str:
    value = value.strip()
    return "" if value == "-0-" else value


_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}


def _ofac_birth_ranges(remarks: str) -> list[tuple[date | None, date | None]]:
    ranges: list[tuple[date | None, date | None]] = []
    for m in re.finditer(r"DOB (?:circa )?(\d{1,2} \w{3} )?(\d{4})(?: to (\d{4}))?", remarks):
        year = int(m.group(2))
        if m.group(1):
            day, mon = m.group(1).split()
            if mon.lower()[:3] in _MONTHS:
                d = date(year, _MONTHS[mon.lower()[:3]], int(day))
                ranges.append((d, d))
                continue
        last = int(m.group(3)) if m.group(3) else year
        ranges.append((date(year, 1, 1), date(last, 12, 31)))
    return ranges


def load_ofac(corpus: Corpus, data_dir: Path) -> dict[str, tuple[str, str]]:
    """Index OFAC SDN primary names and alt.csv aliases; returns ref -> (name, remarks)."""
    entries: dict[str, tuple[str, str]] = {}
    for row in _csv_rows(data_dir / "ofac" / "sdn.csv"):
        if len(row) < 12:
            continue
        ref, name, sdn_type, remarks = row[0], row[1], _clean(row[2]), _clean(row[11])
        kind = {"individual": "individual", "vessel": "vessel", "aircraft": "aircraft"}.get(
            sdn_type, "entity"
        )
        nationality = re.findall(r"nationality ([A-Za-z ]+)", remarks)
        facts = SubjectFacts(kind, _ofac_birth_ranges(remarks), nationality)
        corpus.add("ofac:" + ref, facts, name, "primary", "strong")
        entries["ofac:" + ref] = (name, remarks)
    for row in _csv_rows(data_dir / "ofac" / "alt.csv"):
        if len(row) < 4 or "ofac:" + row[0] not in corpus.designations:
            continue
        facts = corpus.designations["ofac:" + row[0]].facts
        quality = "weak" if _clean(row[2]).lower() == "weak aka" else "strong"
        corpus.add("ofac:" + row[0], facts, _clean(row[3]), _clean(row[2]) or "aka", quality)
    return entries


def _un_date_ranges(person: ET.Element) -> list[tuple[date | None, date | None]]:
    ranges: list[tuple[date | None, date | None]] = []
    for dob in person.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        exact = dob.findtext("DATE")
        year = dob.findtext("YEAR")
        start, end = dob.findtext("FROM_YEAR"), dob.findtext("TO_YEAR")
        if exact:
            d = date.fromisoformat(exact[:10])
            ranges.append((d, d))
        elif year:
            ranges.append((date(int(year), 1, 1), date(int(year), 12, 31)))
        elif start and end:
            ranges.append((date(int(start), 1, 1), date(int(end), 12, 31)))
    return ranges


def load_un(corpus: Corpus, data_dir: Path) -> dict[str, list[str]]:
    """Index UN individuals and entities; returns primary name (upper) -> refs."""
    root = ET.parse(data_dir / "un" / "UN_consolidated_2026-02.xml").getroot()
    primary: dict[str, list[str]] = defaultdict(list)
    for person in root.iter("INDIVIDUAL"):
        ref = "un:" + (person.findtext("DATAID") or "")
        parts = [
            person.findtext(f) or ""
            for f in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
        ]
        name = " ".join(p.strip() for p in parts if p and p.strip())
        countries = [v.text or "" for v in person.findall("NATIONALITY/VALUE")]
        facts = SubjectFacts("individual", _un_date_ranges(person), countries)
        corpus.add(ref, facts, name, "primary", "strong")
        primary[" ".join(name.upper().split())].append(ref)
        for alias in person.findall("INDIVIDUAL_ALIAS"):
            text = (alias.findtext("ALIAS_NAME") or "").strip()
            quality = "weak" if (alias.findtext("QUALITY") or "").lower() == "low" else "strong"
            corpus.add(ref, facts, text, "aka", quality)
    for entity in root.iter("ENTITY"):
        ref = "un:" + (entity.findtext("DATAID") or "")
        facts = SubjectFacts("entity", [], [])
        corpus.add(ref, facts, entity.findtext("FIRST_NAME") or "", "primary", "strong")
        for alias in entity.findall("ENTITY_ALIAS"):
            text = (alias.findtext("ALIAS_NAME") or "").strip()
            quality = "weak" if (alias.findtext("QUALITY") or "").lower() == "low" else "strong"
            corpus.add(ref, facts, text, "aka", quality)
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
    for row in csv.DictReader((eval_dir / "name_pairs_dev.csv").open(encoding="utf-8")):
        kind = SCHEMA_KIND.get(row["schema"], "entity")
        match = compare_names(row["name1"], row["name2"], kind)
        truth = row["is_match"] == "true"
        for group in (
            "all",
            "schema " + row["schema"],
            "script " + _pair_script(row["name1"], row["name2"]),
        ):
            c = counts[group]
            c[3] += 1
            c[0] += match.is_match and truth
            c[1] += match.is_match and not truth
            c[2] += truth and not match.is_match
        if match.is_match != truth:
            errors.append(
                f"  {'FN' if truth else 'FP'} {row['schema']}: {match.summary()}"
                f"  [{row['name1']} | {row['name2']}]"
            )
    print("\nname_pairs_dev.csv (compare_names at DEFAULT_THRESHOLD)")
    print(f"  {'group':28} {'n':>4} {'prec':>6} {'recall':>6} {'F1':>6}")
    for group in sorted(counts, key=lambda g: (g != "all", g)):
        tp, fp, fn, n = counts[group]
        p, r, f = _prf(tp, fp, fn)
        print(f"  {group:28} {n:4d} {p:6.3f} {r:6.3f} {f:6.3f}")
    if verbose:
        print("\n".join(errors))
    return {
        "name_pairs Person F1": _prf(*counts["schema Person"][:3])[2],
        "name_pairs all F1": _prf(*counts["all"][:3])[2],
    }


def bench_translit(eval_dir: Path, verbose: bool) -> dict[str, float]:
    same_key = matched = shared_keys = total = 0
    misses = []
    for row in csv.DictReader((eval_dir / "translit_ru_tokens_dev.csv").open(encoding="utf-8")):
        total += 1
        a = prepare_name(row["latin_token"], "individual")
        b = prepare_name(row["russian_token"], "individual")
        # Retrievable: the index would find one from the other (keys intersect).
        shared_keys += bool(name_keys(a) & name_keys(b, query=True))
        if [t.folded for t in a.tokens] == [t.folded for t in b.tokens]:
            same_key += 1
            matched += 1
        elif compare_names(row["latin_token"], row["russian_token"], "individual").is_match:
            matched += 1
        elif len(misses) < 40:
            misses.append(
                f"  {row['latin_token']} {row['russian_token']} -> "
                f"{a.tokens[0].folded if a.tokens else ''} / "
                f"{b.tokens[0].folded if b.tokens else ''}"
            )
    print("\ntranslit_ru_tokens_dev.csv")
    print(
        f"  pairs {total}, same folded key {same_key / total:.3f}, "
        f"brought to a match {matched / total:.3f}, keys intersect {shared_keys / total:.3f}"
    )
    if verbose:
        print("\n".join(misses))
    return {
        "translit_ru match share": matched / total,
        "translit_ru keys intersect": shared_keys / total,
    }


_PATRONYMIC = re.compile(r"(ovich|evich|ovna|evna|ich|ichna)$", re.I)
_LATIN_TO_CYRILLIC = [
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
]


def to_cyrillic(latin: str) -> str:
    """Rough inverse of the BGN/PCGN-like romanisation OFAC uses for Russian names."""
    words = []
    for word in latin.lower().split():
        out, i = [], 0
        while i < len(word):
            for lat, cyr in _LATIN_TO_CYRILLIC:
                if word.startswith(lat, i):
                    # y after a vowel is й, not ы
                    if lat == "y" and out and out[-1] in "аеёиоуыэюя":
                        cyr = "й"
                    out.append(cyr)
                    i += len(lat)
                    break
            else:
                out.append(word[i])
                i += 1
        words.append("".join(out).capitalize())
    return " ".join(words)


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
    first = top5 = total = unknown = 0
    misses = []
    times = []
    for row in csv.DictReader((eval_dir / "un_perturbations_dev.csv").open(encoding="utf-8")):
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
        total += 1
        first += rank == 1
        top5 += rank is not None and rank <= 5
        if rank != 1 and len(misses) < 40:
            misses.append(
                f"  {row['perturbed_full_name']!r} -> rank {rank} "
                f"(want {row['original_full_name']!r}; top {ranked[:1]})"
            )
    print(
        f"\nun_perturbations_dev.csv among {len(corpus.owner)} UN names"
        f" ({unknown} originals not found on the list)"
    )
    print(
        f"  queries {total}, right first {first / total:.4f}, top 5 {top5 / total:.4f}, "
        f"median search {statistics.median(times) * 1000:.1f} ms"
    )
    if verbose:
        print("\n".join(misses))
    return {"un_perturbations right first": first / total, "un_perturbations top 5": top5 / total}


def bench_negatives(eval_dir: Path, data_dir: Path, verbose: bool) -> dict[str, float]:
    corpus = Corpus()
    load_ofac(corpus, data_dir)
    load_un(corpus, data_dir)
    alarms = total = 0
    details = []
    times = []
    for row in csv.DictReader((eval_dir / "negatives_dev.csv").open(encoding="utf-8")):
        if not row["full_name"].strip():
            continue
        total += 1
        query = Query(row["full_name"], kind="individual")
        start = time.perf_counter()
        results = corpus.search(query)
        times.append(time.perf_counter() - start)
        if results and results[0].is_match:
            alarms += 1
            details.append(f"  {row['full_name']!r}: {results[0].summary()}")
    print(f"\nnegatives_dev.csv among {len(corpus.owner)} OFAC + UN names (name only)")
    print(
        f"  queries {total}, with a result >= {DEFAULT_THRESHOLD}: {alarms} "
        f"({alarms / total:.4f}); median search {statistics.median(times) * 1000:.1f} ms, "
        f"p95 {statistics.quantiles(times, n=20)[-1] * 1000:.1f} ms"
    )
    print(
        f"  keys per listed name: mean {statistics.mean(corpus.keys_per_name):.1f}, "
        f"max {max(corpus.keys_per_name)}"
    )
    _speed(corpus, eval_dir)
    if verbose:
        print("\n".join(details[:40]))
    return {"negatives false-alarm share (max)": alarms / total}


def _speed(corpus: Corpus, eval_dir: Path, names: int = 300, queries: int = 200) -> None:
    """Time to prepare a query and to score it against ``names`` candidate names."""
    rows = list(csv.DictReader((eval_dir / "negatives_dev.csv").open(encoding="utf-8")))
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
    for row in _csv_rows(data_dir / "ofac" / "sdn.csv"):
        if len(row) > 2 and row[2].strip() == "individual" and "," in row[1]:
            surname, _, first = row[1].partition(",")
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
    for row in csv.DictReader((eval_dir / "un_perturbations_dev.csv").open(encoding="utf-8")):
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--only", help="run one part: pairs, translit, ru, un, negatives")
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
        "translit": lambda: bench_translit(args.eval_dir, args.verbose),
        "ru": lambda: bench_russian(args.data_dir, args.verbose),
        "un": lambda: bench_un(args.eval_dir, args.data_dir, args.verbose),
        "negatives": lambda: bench_negatives(args.eval_dir, args.data_dir, args.verbose),
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
    print(f"  {'figure':40} {'value':>7} {'target':>7}")
    for name, value in figures.items():
        target = TARGETS.get(name)
        if target is None:
            print(f"  {name:40} {value:7.4f}")
            continue
        ok = value <= target if "(max)" in name else value >= target
        print(f"  {name:40} {value:7.4f} {target:7.3f} {'ok' if ok else 'SHORT'}")


if __name__ == "__main__":
    main()
