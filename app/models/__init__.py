"""Typed SQLAlchemy models. Models never commit: services own transactions."""

from app.models.audit import ACTIONS, AuditEntry, AuditTrailIsAppendOnly
from app.models.certificate import Certificate
from app.models.designation import (
    Address,
    BirthDate,
    BirthPlace,
    Designation,
    DesignationLink,
    DesignationName,
    Identifier,
    Nationality,
    SourceRef,
)
from app.models.job import JOB_STATES, Job
from app.models.linking import LINK_STATUSES, SubjectLink, SubjectMember
from app.models.list_update import UPDATE_OUTCOMES, ListMetadata, ListUpdate
from app.models.monitoring import AlertDigest, MonitoredList  # noqa: F401 (issue 12's tables)
from app.models.program import MEASURE_TYPES, Measure, Program, measure_label
from app.models.screening_record import (
    DECISIONS,
    ApiToken,
    DecisionsAreAppendOnly,
    HitDecision,
    ScreeningHit,
    ScreeningRow,
    ScreeningRun,
)
from app.models.search_index import NameKey, SearchIndexState
from app.models.user import ROLES, SignInCounter, User

__all__ = [
    "ACTIONS",
    "ApiToken",
    "DECISIONS",
    "DecisionsAreAppendOnly",
    "HitDecision",
    "ScreeningHit",
    "ScreeningRow",
    "ScreeningRun",
    "AuditEntry",
    "AuditTrailIsAppendOnly",
    "Address",
    "BirthDate",
    "BirthPlace",
    "Certificate",
    "Designation",
    "DesignationLink",
    "DesignationName",
    "Identifier",
    "JOB_STATES",
    "Job",
    "LINK_STATUSES",
    "ListMetadata",
    "ListUpdate",
    "MEASURE_TYPES",
    "Measure",
    "NameKey",
    "Nationality",
    "Program",
    "ROLES",
    "SearchIndexState",
    "SignInCounter",
    "SourceRef",
    "SubjectLink",
    "SubjectMember",
    "UPDATE_OUTCOMES",
    "User",
    "measure_label",
]
