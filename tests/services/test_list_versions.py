"""A list's version: data date, the import that loaded it, and a digest of its content."""

from __future__ import annotations

from app.extensions import db
from app.models import Designation, SourceRef
from app.runners import run_import
from app.services.list_versions import list_versions
from tests.conftest import REPO_ROOT

CANADA_SEED = REPO_ROOT / "seed_data" / "canada" / "jvcfor_2020-04.xml"


def _canada():
    (version,) = [v for v in list_versions(db.session) if v.source == "ca-sema-jvcfoa"]
    return version


def test_a_version_names_the_import_that_loaded_the_list(app):
    run_import("canada-xml", CANADA_SEED)
    version = _canada()
    assert version.import_id is not None and version.designations == 70
    assert version.as_dict()["data_date"] == "2020-04-01" and len(version.digest) == 64


def test_the_digest_changes_when_the_list_changes_and_only_then(app):
    run_import("canada-xml", CANADA_SEED)
    before = _canada().digest
    assert _canada().digest == before
    designation = db.session.scalars(
        db.select(Designation).join(SourceRef).where(SourceRef.source == "ca-sema-jvcfoa")
    ).first()
    designation.version += 1
    db.session.commit()
    assert _canada().digest != before
