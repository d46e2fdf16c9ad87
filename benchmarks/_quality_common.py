"""What the quality benchmarks share: the tuning/checking split of the dev sets.

Every development set in ``../shared/eval/`` is split in two by a hash of the row, so
the split is fixed, independent of row order, and the same in every benchmark:

* the **tuning** part may be looked at row by row (``-v`` lists its errors);
* the **checking** part is only ever reported as figures. A change to the matcher is
  kept only if it improves (or does not hurt) the checking part.

Last session's dev figures flattered the matcher against held-back data (person-pair
F1 0.901 on dev, 0.851 held back), which is what the checking part is there to catch.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from pathlib import Path

TUNE = "tune"
CHECK = "check"
PARTS = (TUNE, CHECK)

# The fields that identify a row of each set (the rest is labels or derived data).
KEY_FIELDS = {
    "name_pairs_dev.csv": ("schema", "name1", "name2"),
    "un_perturbations_dev.csv": ("original_full_name", "perturbed_full_name", "perturbed_dob"),
    "negatives_dev.csv": ("full_name", "date_of_birth", "nationality"),
    "translit_ru_tokens_dev.csv": ("latin_token", "russian_token"),
    "translit_ar_tokens_dev.csv": ("latin_token", "arabic_token"),
}


def part_of(file_name: str, row: dict[str, str]) -> str:
    """TUNE or CHECK for a row, by the SHA-1 of its key fields (about 50/50)."""
    fields = KEY_FIELDS[file_name]
    digest = hashlib.sha1("\x1f".join(row[f] for f in fields).encode("utf-8")).digest()
    return CHECK if digest[-1] % 2 else TUNE


def read_parts(eval_dir: Path, file_name: str) -> Iterator[tuple[str, dict[str, str]]]:
    """(part, row) for every row of a dev set."""
    with (eval_dir / file_name).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield part_of(file_name, row), row
