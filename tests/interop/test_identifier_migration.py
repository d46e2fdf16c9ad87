"""Migration 0011 gives identifiers already stored their normalised number."""

from __future__ import annotations

from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import text

from app import create_app
from app.extensions import db


def test_existing_identifiers_get_their_key_on_upgrade(tmp_path: Path) -> None:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'm.sqlite'}")
    with app.app_context():
        upgrade(revision="0004")
        db.session.execute(
            text(
                "INSERT INTO designations (id, kind, primary_name, titles, status, created_at,"
                " updated_at, version) VALUES (1, 'individual', 'X', '[]', 'active',"
                " '2026-01-01', '2026-01-01', 1)"
            )
        )
        db.session.execute(
            text(
                "INSERT INTO identifiers (designation_id, id_type, number)"
                " VALUES (1, 'Passport', 'AB 12-34 56'), (1, 'IMO', 'IMO 9187629')"
            )
        )
        db.session.commit()
        upgrade(revision="0011")
        keys = db.session.execute(text("SELECT number_key FROM identifiers ORDER BY id"))
        assert [k for (k,) in keys] == ["ab123456", "9187629"]
        db.session.remove()
        db.engine.dispose()
