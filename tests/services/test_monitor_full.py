"""The full re-screen: every client searched for against the whole database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, select

from app.extensions import db
from app.models import Designation
from app.models.monitoring import MonitoredHit, MonitoredList
from app.runners import screening_settings
from app.services import monitor_full, monitoring
from app.services.monitoring import MonitorSettings
from tests.monitoring_support import analyst, import_ofac, stored_run

LISTED = [(501, "NOVIKOV, Sergei Petrovich", "MAGNIT"), (502, "FEDOROV, Yuri", "MAGNIT")]


def _monitored(app, tmp_path: Path) -> MonitoredList:  # noqa: ANN001
    import_ofac(app, tmp_path / "first", LISTED)
    person = analyst()
    return monitoring.create_from_run(
        db.session,
        person.user,
        name="Clients",
        screening_id=stored_run(
            person.user, ["Sergei Petrovich Novikov", "Yuri Fedorov", "Ada Lee"]
        ),
        settings=MonitorSettings.from_config(app.config),
    )


def _full(app, monitored: MonitoredList):  # noqa: ANN001, ANN202
    screen = monitor_full.in_session(db.session, screening_settings(monitored.threshold))
    return monitor_full.full_rescreen(
        db.session, monitored, screen, MonitorSettings.from_config(app.config), 7
    )


def test_a_full_re_screen_of_known_hits_writes_no_digest(app, tmp_path: Path):
    assert _full(app, _monitored(app, tmp_path)) is None


def test_a_full_re_screen_finds_matches_the_list_did_not_know(app, tmp_path: Path):
    monitored = _monitored(app, tmp_path)
    db.session.execute(delete(MonitoredHit))
    db.session.commit()
    digest = _full(app, monitored)
    assert sorted(h["row"]["name"] for h in digest.body["new_hits"]) == [
        "Sergei Petrovich Novikov",
        "Yuri Fedorov",
    ]
    assert len(db.session.scalars(select(MonitoredHit)).all()) == 2


def test_a_full_re_screen_reports_a_known_hit_delisted_since(app, tmp_path: Path):
    monitored = _monitored(app, tmp_path)
    fedorov = db.session.scalar(
        select(Designation).where(Designation.primary_name == "FEDOROV, Yuri")
    )
    fedorov.status = "delisted"
    db.session.commit()
    digest = _full(app, monitored)
    assert [h["row"]["name"] for h in digest.body["delisted"]] == ["Yuri Fedorov"]
    assert digest.body["new_hits"] == []
