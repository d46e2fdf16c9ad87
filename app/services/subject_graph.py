"""Which links make subjects: an editor's rejection is a constraint no automatic link breaks.

A subject is a connected group of designations joined by links that are linked (by
linking, or confirmed by an editor). Links are applied in this order:

1. links an editor confirmed, always (a person decided);
2. automatic links, best score first, unless the link would put two designations an
   editor rejected as a pair into one subject, directly or through a third list.

Such an automatic link is *held back*: it becomes a proposal again, and the admin page
shows the path that would have joined the rejected pair. Pure functions over plain
tuples here; ``services.subjects`` reads and writes the tables.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field

HELD_BACK = "held back: it would join designations an editor said are different"


@dataclass(frozen=True)
class Edge:
    id: int
    a: int
    b: int
    status: str  # linked | proposed | rejected
    method: str  # automatic | editor
    score: float = 0.0


@dataclass
class Resolution:
    applied: list[Edge] = field(default_factory=list)
    # Automatic links that would join a rejected pair, with that pair.
    held_back: list[tuple[Edge, tuple[int, int]]] = field(default_factory=list)
    subject_of: dict[int, int] = field(default_factory=dict)  # designation -> subject id

    def same_subject(self, a: int, b: int) -> bool:
        return a in self.subject_of and self.subject_of.get(a) == self.subject_of.get(b)

    def members_of(self, designation_id: int) -> set[int]:
        """The designations of its subject (itself only when it is linked to none)."""
        if not hasattr(self, "_groups"):
            groups: dict[int, set[int]] = defaultdict(set)
            for member, subject in self.subject_of.items():
                groups[subject].add(member)
            self._groups = groups
        subject = self.subject_of.get(designation_id)
        return self._groups[subject] if subject is not None else {designation_id}


def resolve(edges: list[Edge]) -> Resolution:
    """Apply the links in the order above; subject id = the smallest designation id."""
    rejected: dict[int, set[int]] = defaultdict(set)
    for e in edges:
        if e.status == "rejected":
            rejected[e.a].add(e.b)
            rejected[e.b].add(e.a)
    confirmed = [e for e in edges if e.status == "linked" and e.method == "editor"]
    automatic = sorted(
        (e for e in edges if e.status == "linked" and e.method != "editor"),
        key=lambda e: (-e.score, e.id),
    )
    members: dict[int, set[int]] = {}
    root: dict[int, int] = {}

    def group(x: int) -> set[int]:
        if x not in root:
            root[x] = x
            members[x] = {x}
        return members[root[x]]

    def conflict(x: set[int], y: set[int]) -> tuple[int, int] | None:
        small, large = (x, y) if len(x) <= len(y) else (y, x)
        for u in small:
            for v in rejected.get(u, ()):
                if v in large:
                    return (min(u, v), max(u, v))
        return None

    def join(x: set[int], y: set[int]) -> None:
        keep, gone = (x, y) if len(x) >= len(y) else (y, x)
        keep_root, gone_root = root[next(iter(keep))], root[next(iter(gone))]
        keep |= gone
        for m in gone:
            root[m] = keep_root
        del members[gone_root]

    result = Resolution()
    for e in confirmed + automatic:
        x, y = group(e.a), group(e.b)
        if x is y:
            result.applied.append(e)
            continue
        pair = conflict(x, y) if e.method != "editor" else None
        if pair is not None:
            result.held_back.append((e, pair))
            continue
        join(x, y)
        result.applied.append(e)
    for group_members in members.values():
        if len(group_members) > 1:
            subject = min(group_members)
            for m in group_members:
                result.subject_of[m] = subject
    return result


def adjacency(edges: list[Edge]) -> dict[int, list[int]]:
    neighbours: dict[int, list[int]] = defaultdict(list)
    for e in edges:
        neighbours[e.a].append(e.b)
        neighbours[e.b].append(e.a)
    return neighbours


def path(edges: list[Edge] | dict[int, list[int]], start: int, end: int) -> list[int] | None:
    """The designations from ``start`` to ``end`` over these links (shortest), or None.

    ``edges`` may be the links or their ``adjacency``, built once for many paths.
    """
    neighbours = edges if isinstance(edges, dict) else adjacency(edges)
    previous: dict[int, int | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == end:
            steps = [node]
            while previous[steps[-1]] is not None:
                steps.append(previous[steps[-1]])  # type: ignore[arg-type]
            return steps[::-1]
        for other in neighbours.get(node, ()):
            if other not in previous:
                previous[other] = node
                queue.append(other)
    return None
