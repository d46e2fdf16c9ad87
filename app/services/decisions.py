"""Decisions on hits: who the hit is about, the decision that counts, what changed since.

A decision is about a pair, not about one run's hit:

* the **client key** (``client_key``): the row's client reference when it has one
  (``ref:<reference>``, spaces collapsed, case folded), else its normalised name and
  birth date (``name:<normalised name>|<YYYY-MM-DD, YYYY or nothing>``), else its
  identification number (``id:<number>``);
* the **subject key** (``subject_key_of``): ``designation:<id>`` with the smallest
  designation id of the subject (the designations of all lists linked as one person or
  entity: the same number ``subject_view.subject_ids`` calls the subject id). A decision
  made before two subjects were linked is still found: lookups try every designation
  of the subject as it is now.

Decisions are append only (``models.screening_record``): the newest one on a pair
supersedes the others. A second reviewer recording the same decision confirms it
(``confirms_id``). With the four-eyes rule a true match or false positive counts only
once confirmed. ``changes_since`` reads the audit trail of the subject's designations
after a decision: any change to their listings (name, measure, delisting, a new list)
opens the hit again, named. Flask-free; the caller passes the settings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.matching import prepare_name
from app.models import AuditEntry, HitDecision, ScreeningHit, SourceRef, User
from app.models.screening_record import CONFIRMED_DECISIONS, DECISIONS
from app.services import audit
from app.services.audit import FIELD_LABELS
from app.services.subjects import subject_groups
from app.services.validation import control_character

CLIENT_KEY_MAX_LENGTH = 400
SUBJECT_KEY_PREFIX = "designation:"
# Audit actions on a designation that change how it is listed.
_LISTING_ACTIONS = (
    "create",
    "update",
    "delist",
    "relist",
    "import-create",
    "import-update",
    "correction",
    "link-confirm",
    "link-reject",
)


class DecisionError(ValueError):
    """A refused decision; ``field`` names what was wrong (decision, reason, hit)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class EffectiveDecision:
    """The newest decision on a pair; ``counts`` is False while it awaits a second reviewer."""

    id: int
    decision: str
    reason: str
    by: str
    at: datetime
    confirmed_by: str | None
    confirmed_at: datetime | None
    counts: bool

    @property
    def awaiting_confirmation(self) -> bool:
        return not self.counts

    def as_dict(self) -> dict:
        return {
            "decision": self.decision,
            "reason": self.reason,
            "by": self.by,
            "at": iso(self.at),
            "confirmed_by": self.confirmed_by,
            "confirmed_at": iso(self.confirmed_at),
            "awaiting_confirmation": self.awaiting_confirmation,
        }


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return aware(moment).isoformat()


def aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def client_key(input_row: dict) -> str:
    """Who a row is about: ``ref:<reference>``, else ``name:<normalised name>|<birth>``.

    ``input_row`` has the keys of a stored row's input (reference, name, birth_date,
    id_number); a row with only an identification number is ``id:<number>``; an empty
    string when the row has none of them.
    """
    reference = input_row.get("reference")
    if isinstance(reference, str) and reference.strip():
        return ("ref:" + _folded(reference))[:CLIENT_KEY_MAX_LENGTH]
    name = input_row.get("name")
    if not isinstance(name, str) or not name.strip():
        number = input_row.get("id_number")
        if isinstance(number, str) and number.strip():  # a row screened by number alone
            return ("id:" + _folded(number))[:CLIENT_KEY_MAX_LENGTH]
        return ""
    normalised = prepare_name(name).normalised or _folded(name)
    birth = input_row.get("birth_date") or ""
    return f"name:{normalised}|{birth}"[:CLIENT_KEY_MAX_LENGTH]


def subject_key_of(designation_ids: Iterable[int]) -> str:
    """The key of the subject made of ``designation_ids``: its smallest designation id."""
    return f"{SUBJECT_KEY_PREFIX}{min(designation_ids)}"


def designation_of_key(subject_key: str) -> int | None:
    prefix, _, number = subject_key.partition(":")
    if f"{prefix}:" != SUBJECT_KEY_PREFIX or not number.isdigit() or len(number) > 18:
        return None
    return int(number)


def subject_members(session: Session, subject_key: str) -> list[int]:
    """The designation ids of the subject as it is now (the key's designation included)."""
    designation_id = designation_of_key(subject_key)
    if designation_id is None:
        return []
    return subject_groups(session, [designation_id])[designation_id]


def _candidate_keys(session: Session, subject_key: str) -> list[str]:
    return [f"{SUBJECT_KEY_PREFIX}{i}" for i in subject_members(session, subject_key)] or [
        subject_key
    ]


def _resolve(rows: list[HitDecision], four_eyes: bool) -> EffectiveDecision | None:
    """The newest decision of ``rows`` (one pair's, any order), with its confirmation."""
    decisions = [r for r in rows if r.confirms_id is None]
    if not decisions:
        return None
    current = max(decisions, key=lambda r: r.id)
    confirmation = min(
        (r for r in rows if r.confirms_id == current.id and r.user_id != current.user_id),
        key=lambda r: r.id,
        default=None,
    )
    counts = not four_eyes or current.decision not in CONFIRMED_DECISIONS or bool(confirmation)
    return EffectiveDecision(
        id=current.id,
        decision=current.decision,
        reason=current.reason,
        by=current.actor,
        at=aware(current.at),
        confirmed_by=confirmation.actor if confirmation else None,
        confirmed_at=aware(confirmation.at) if confirmation else None,
        counts=counts,
    )


def _pair_rows(session: Session, client_key_: str, subject_key: str) -> list[HitDecision]:
    return list(
        session.scalars(
            select(HitDecision).where(
                HitDecision.client_key == client_key_,
                HitDecision.subject_key.in_(_candidate_keys(session, subject_key)),
            )
        )
    )


def effective_decision(
    session: Session, client_key: str, subject_key: str, four_eyes: bool = False
) -> EffectiveDecision | None:
    """The newest decision on (client, subject), four-eyes aware (see ``counts``); or None."""
    if not client_key:
        return None
    return _resolve(_pair_rows(session, client_key, subject_key), four_eyes)


def effective_decisions(
    session: Session, pairs: Iterable[tuple[str, str]], four_eyes: bool = False
) -> dict[tuple[str, str], EffectiveDecision]:
    """``effective_decision`` for many (client key, subject key) pairs in a few queries."""
    wanted = {(c, s) for c, s in pairs if c}
    if not wanted:
        return {}
    ids = {designation_of_key(s) for _c, s in wanted} - {None}
    groups = subject_groups(session, sorted(i for i in ids if i is not None)) if ids else {}
    keys_of = {
        s: [f"{SUBJECT_KEY_PREFIX}{i}" for i in groups.get(designation_of_key(s) or -1, [])] or [s]
        for _c, s in wanted
    }
    clients = sorted({c for c, _s in wanted})
    rows: list[HitDecision] = []
    for start in range(0, len(clients), 500):
        rows += session.scalars(
            select(HitDecision).where(HitDecision.client_key.in_(clients[start : start + 500]))
        )
    found = {}
    for client, subject in wanted:
        keys = set(keys_of[subject])
        resolved = _resolve(
            [r for r in rows if r.client_key == client and r.subject_key in keys], four_eyes
        )
        if resolved:
            found[(client, subject)] = resolved
    return found


def record_decision(
    session: Session,
    *,
    client_key: str,
    subject_key: str,
    decision: str,
    reason: str,
    user: User,
    reason_max_length: int,
    run_id: str | None = None,
    hit_id: int | None = None,
) -> HitDecision:
    """Add a decision (committed, with its audit entry); DecisionError says what is wrong.

    The same decision as the current one, by another reviewer, is recorded as its
    confirmation (the four-eyes rule's second pair of eyes)."""
    if decision not in DECISIONS:
        raise DecisionError("decision", f"decision must be one of {', '.join(DECISIONS)}")
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        raise DecisionError("reason", "reason is required: say why")
    if len(reason) > reason_max_length:
        raise DecisionError("reason", f"reason must be at most {reason_max_length} characters")
    if control_character(reason) is not None:
        raise DecisionError("reason", "reason must not contain control characters")
    if not client_key:
        raise DecisionError("hit", "this row has neither a reference nor a name to remember")
    current = _resolve(_pair_rows(session, client_key, subject_key), four_eyes=True)
    confirms = None
    if (
        current is not None
        and current.decision == decision
        and decision in CONFIRMED_DECISIONS
        and current.confirmed_by is None
        and current.by != user.email
    ):
        confirms = current.id
    entry = HitDecision(
        client_key=client_key,
        subject_key=subject_key,
        decision=decision,
        reason=reason,
        user_id=user.id,
        actor=user.email,
        at=datetime.now(UTC),
        run_id=run_id,
        hit_id=hit_id,
        confirms_id=confirms,
    )
    session.add(entry)
    session.flush()
    verb = "confirmed" if confirms else "decided"
    audit.record(
        session,
        audit.Actor.for_user(user),
        "hit-decision",  # no designation_id: the public history must not tell who was screened
        summary=f"Hit {verb} {DECISIONS[decision].lower()}: {client_key} x {subject_key}",
        details={
            "decision_id": entry.id,
            "decision": decision,
            "reason": reason,
            "client_key": client_key,
            "subject_key": subject_key,
            "run_id": run_id,
            "hit_id": hit_id,
            "confirms": confirms,
        },
    )
    session.commit()
    return entry


def history(session: Session, client_key: str, subject_key: str) -> list[HitDecision]:
    """Every decision and confirmation on the pair, oldest first."""
    rows = _pair_rows(session, client_key, subject_key)
    return sorted(rows, key=lambda r: r.id)


def _sources(session: Session, ids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for designation_id, source in session.execute(
        select(SourceRef.designation_id, SourceRef.source).where(SourceRef.designation_id.in_(ids))
    ):
        found.setdefault(designation_id, source)
    return found


def _name_of(text: str) -> str:
    """A name as the audit trail writes it, without its "(type, quality, script)"."""
    return text.rsplit(" (", 1)[0] if text.endswith(")") else text


def _describe(entry: AuditEntry, source: str) -> list[str]:
    action, changes = entry.action, entry.changes or {}
    where = f" ({source})" if source else ""
    if action in ("create", "import-create"):
        return [f"new list{where}: listed as {entry.summary.rsplit(' (', 1)[0]}"]
    if action == "delist" or (changes.get("status") or [None, None])[1] == "delisted":
        return [f"delisted{where}"]
    if action == "relist":
        return [f"re-listed{where}"]
    if action in ("link-confirm", "link-reject"):
        return [f"link to another list {'confirmed' if action == 'link-confirm' else 'rejected'}"]
    found = []
    for key, (before, after) in changes.items():
        if key == "names" and isinstance(after, list):
            new = [_name_of(n) for n in after if n not in (before or [])]
            found += [f"new name{where}: {n}" for n in new] or [f"names changed{where}"]
        elif key == "measures" and isinstance(after, list):
            new = [m for m in after if m not in (before or [])]
            ended = [m for m in (before or []) if m not in after]
            found += [f"new measure{where}: {m}" for m in new]
            found += [f"measure removed{where}: {m}" for m in ended]
        elif key == "primary_name":
            found.append(f"new name{where}: {after}")
        else:
            found.append(f"{FIELD_LABELS.get(key, key).lower()} changed{where}")
    return found


def changes_since(
    session: Session, subject_key: str, since: datetime, client_key: str | None = None
) -> list[str]:
    """What changed in the subject's listings after ``since`` (oldest first); [] if nothing.

    With ``client_key``, lists the subject joined since the hit that client's decision
    was made on are named too ("new list: ...") even when no audit entry says so."""
    members = subject_members(session, subject_key)
    if not members:
        return []
    entries = session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.designation_id.in_(members),
            AuditEntry.at > aware(since),
            AuditEntry.action.in_(_LISTING_ACTIONS),
        )
        .order_by(AuditEntry.at, AuditEntry.id)
    ).all()
    sources = _sources(session, members)
    found: list[str] = []
    for entry in entries:
        for text in _describe(entry, sources.get(entry.designation_id or 0, "")):
            if text not in found:
                found.append(text)
    if client_key:
        found += [
            t
            for t in _new_lists(session, client_key, subject_key, since, sources)
            if t not in found
        ]
    return found


def _new_lists(
    session: Session, client_key: str, subject_key: str, since: datetime, sources: dict[int, str]
) -> list[str]:
    """Lists the subject is on now that it was not on in the hit the decision was made on."""
    decision = session.scalar(
        select(HitDecision)
        .where(
            HitDecision.client_key == client_key,
            HitDecision.subject_key.in_(_candidate_keys(session, subject_key)),
            HitDecision.hit_id.is_not(None),
            HitDecision.at <= aware(since),
        )
        .order_by(HitDecision.id.desc())
        .limit(1)
    )
    hit = session.get(ScreeningHit, decision.hit_id) if decision and decision.hit_id else None
    if hit is None:
        return []
    before = {s.get("source") for s in (hit.subject or {}).get("source_refs", [])}
    return [f"new list: {s}" for s in dict.fromkeys(sources.values()) if s not in before]
