"""Each list's data date: the publisher's, else the file name's, else the file's; stale flags."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from app.extensions import db
from app.models import ListMetadata
from app.runners import run_import
from app.services import list_metadata
from tests.conftest import REPO_ROOT

CANADA_SEED = REPO_ROOT / "seed_data" / "canada" / "jvcfor_2020-04.xml"


def test_the_un_lists_own_generation_date_is_its_data_date(tmp_path):
    path = tmp_path / "consolidated.xml"
    path.write_text('<CONSOLIDATED_LIST dateGenerated="2026-02-27T08:00:01.1Z"/>')
    assert list_metadata.data_date_of(path, path.name, None) == (date(2026, 2, 27), "publisher")


def test_without_a_publisher_date_the_file_name_then_the_files_date_count(tmp_path):
    named = tmp_path / "uk_sanctions_list_2025-08-11.csv"
    named.write_text("x")
    assert list_metadata.data_date_of(named, named.name, None) == (date(2025, 8, 11), "file name")
    plain = tmp_path / "list.xml"
    plain.write_text("<x/>")
    stamp = datetime(2024, 5, 3, 12, tzinfo=UTC).timestamp()
    os.utime(plain, (stamp, stamp))
    assert list_metadata.data_date_of(plain, plain.name, None) == (date(2024, 5, 3), "file")


def test_an_import_records_its_lists_data_date(app):
    run_import("canada-xml", CANADA_SEED)
    row = db.session.get(ListMetadata, "ca-sema-jvcfoa")
    assert (row.data_date, row.data_date_basis) == (date(2020, 4, 1), "file name")


def test_a_partial_file_does_not_overwrite_a_full_lists_date(app, tmp_path):
    run_import("canada-xml", CANADA_SEED)
    copy = tmp_path / "sema_2019-01-01.xml"
    copy.write_bytes(CANADA_SEED.read_bytes())
    run_import("canada-xml", copy, full_list=False)
    assert db.session.get(ListMetadata, "ca-sema-jvcfoa").data_date == date(2020, 4, 1)


def test_old_data_is_stale_until_an_update_confirms_it(app):
    run_import("canada-xml", CANADA_SEED)
    (entry,) = list_metadata.list_dates(db.session, 7, today=date(2026, 12, 1))
    assert (entry.source, entry.jurisdiction, entry.stale) == ("ca-sema-jvcfoa", "CA", True)
    list_metadata.record_check(db.session, "ca-sema-jvcfoa", datetime(2026, 11, 30, tzinfo=UTC))
    (entry,) = list_metadata.list_dates(db.session, 7, today=date(2026, 12, 1))
    assert entry.stale is False and entry.designations == 70


def test_the_seeds_ofac_folder_states_the_date_of_its_data(seeded_app):
    row = db.session.get(ListMetadata, "ofac-sdn")
    assert (row.data_date, row.data_date_basis) == (date(2024, 5, 3), "stated")
