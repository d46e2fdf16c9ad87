"""Result types: a score with everything needed to explain it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The score at or above which a candidate is reported as a match. Chosen on the
# development sets (benchmarks/matching_quality.py): it keeps one-typo and
# other-romanisation variants of every name part above, and puts a different given
# name, surname or patronymic below. The app exposes it as MATCH_THRESHOLD.
DEFAULT_THRESHOLD = 0.8


@dataclass(frozen=True, slots=True)
class TokenPair:
    """A query token paired with a listed token, and how strongly they agree."""

    query: str
    listed: str
    similarity: float
    how: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "listed": self.listed,
            "similarity": round(self.similarity, 3),
            "how": self.how,
        }

    def describe(self) -> str:
        sign = "=" if self.similarity >= 1 else "~"
        return f"{self.query}{sign}{self.listed} ({self.similarity:.2f} {self.how})"


@dataclass(frozen=True, slots=True)
class Feature:
    """One named part of a name score: what it changed (``effect``) and why (``detail``).

    A name's score is 1 plus the effects of its features, clamped to [0, 1]; the first
    feature ("agreement") is how well the paired parts agree, the others deductions.
    """

    name: str
    effect: float
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "effect": round(self.effect, 4), "detail": self.detail}

    def describe(self) -> str:
        return f"{self.detail} ({self.effect:+.2f})"


@dataclass(frozen=True, slots=True)
class NameMatch:
    """How well a query name matches one listed name, and why."""

    query: str
    listed: str
    score: float
    pairs: list[TokenPair] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # listed tokens the query lacks
    extra: list[str] = field(default_factory=list)  # query tokens the listing lacks
    notes: list[str] = field(default_factory=list)
    threshold: float = DEFAULT_THRESHOLD
    # The score part by part (see Feature): the effects add up to score - 1.
    features: list[Feature] = field(default_factory=list)

    @property
    def is_match(self) -> bool:
        return self.score >= self.threshold

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "listed": self.listed,
            "score": round(self.score, 4),
            "is_match": self.is_match,
            "threshold": self.threshold,
            "pairs": [p.to_dict() for p in self.pairs],
            "missing": list(self.missing),
            "extra": list(self.extra),
            "notes": list(self.notes),
            "features": [f.to_dict() for f in self.features],
        }

    def summary(self) -> str:
        verdict = "match" if self.is_match else "no match"
        parts = [f"{self.score:.2f} {verdict}"]
        if self.pairs:
            parts.append("paired " + ", ".join(p.describe() for p in self.pairs))
        if self.missing:
            parts.append("missing " + ", ".join(self.missing))
        if self.extra:
            parts.append("extra " + ", ".join(self.extra))
        # Deductions with their amounts; notes that no feature states (legal forms
        # ignored, another gender form) as they are.
        shown = {f.detail for f in self.features}
        parts.extend(f.describe() for f in self.features if f.effect and f.name != "agreement")
        parts.extend(n for n in self.notes if n not in shown)
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class Qualifier:
    """A score adjustment from a fact other than the name (birth date, country, kind)."""

    feature: str
    adjustment: float
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "feature": self.feature,
            "adjustment": round(self.adjustment, 4),
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class DesignationMatch:
    """The best name of a designation for a query, adjusted by the qualifiers."""

    score: float
    matched_name_id: int
    matched_name: str
    matched_name_quality: str
    matched_name_type: str
    name_match: NameMatch
    qualifiers: list[Qualifier] = field(default_factory=list)
    threshold: float = DEFAULT_THRESHOLD
    # The score before clamping to [0, 1]. Sort results by it: an exact name with a
    # confirmed birth date then still ranks above an exact name alone (both score 1.0).
    rank_score: float = 0.0

    @property
    def is_match(self) -> bool:
        return self.score >= self.threshold

    @property
    def weak_alias(self) -> bool:
        return self.matched_name_quality.lower() == "weak"

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 4),
            "rank_score": round(self.rank_score, 4),
            "is_match": self.is_match,
            "threshold": self.threshold,
            "matched_name_id": self.matched_name_id,
            "matched_name": self.matched_name,
            "matched_name_quality": self.matched_name_quality,
            "matched_name_type": self.matched_name_type,
            "weak_alias": self.weak_alias,
            "name_match": self.name_match.to_dict(),
            "qualifiers": [q.to_dict() for q in self.qualifiers],
        }

    def summary(self) -> str:
        weak = " (weak alias)" if self.weak_alias else ""
        text = f"{self.score:.2f} on '{self.matched_name}'{weak}: {self.name_match.summary()}"
        if self.qualifiers:
            text += "; " + "; ".join(f"{q.detail} ({q.adjustment:+.2f})" for q in self.qualifiers)
        return text
