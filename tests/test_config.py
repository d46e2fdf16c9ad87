"""Configuration: environment variables win; production insists on a secret key."""

from __future__ import annotations

import importlib

import pytest

import config as config_module
from app import create_app
from tests.conftest import ON_POSTGRES


@pytest.fixture(autouse=True)
def _restore_config_module(monkeypatch):
    yield
    monkeypatch.undo()
    importlib.reload(config_module)


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    reloaded = importlib.reload(config_module)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(reloaded.ProductionConfig, SQLALCHEMY_DATABASE_URI="sqlite://")


def test_database_url_from_environment_wins(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'chosen.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    reloaded = importlib.reload(config_module)
    app = create_app(reloaded.DevelopmentConfig)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == url


def test_default_database_is_a_sqlite_file_in_the_instance_folder(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    reloaded = importlib.reload(config_module)
    app = create_app(reloaded.DevelopmentConfig)
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/sanctions.sqlite")


@pytest.mark.skipif(ON_POSTGRES, reason="the suite runs on PostgreSQL (TEST_DATABASE_URL)")
def test_sqlite_runs_with_wal_and_busy_timeout(app):
    from sqlalchemy import text

    from app.extensions import db

    assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert db.session.execute(text("PRAGMA busy_timeout")).scalar() >= 1000
