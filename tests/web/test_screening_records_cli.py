"""The commands of screening records: create-token prints a working token; screen --user stores."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import ScreeningRun
from app.runners import run_import
from app.services import accounts
from app.services.audit import CLI
from tests.builders import sdn_row, write_ofac_set


def _account(email: str = "analyst@example.org") -> None:
    accounts.create_user(db.session, email, "correct horse battery staple", "analyst", 12, CLI)


def test_create_token_prints_the_token_as_its_last_word_and_it_works(app, runner):
    _account()
    result = runner.invoke(args=["create-token", "analyst@example.org", "--name", "nightly"])
    assert result.exit_code == 0, result.output
    token = result.output.split()[-1]
    response = app.test_client().post(
        "/api/v1/screen", json={"names": []}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200 and response.get_json()["screening_id"]


def test_create_token_for_an_unknown_account_fails_saying_so(runner):
    result = runner.invoke(args=["create-token", "nobody@example.org"])
    assert result.exit_code == 1 and "No active account" in result.output


@pytest.mark.parametrize("workers", ["1", "2"])
def test_screen_with_user_stores_the_run_under_that_account(app, runner, tmp_path, workers):
    run_import("ofac-csv", write_ofac_set(tmp_path / "v1", [sdn_row(101, "KARIMOV, Rustam")]))
    _account()
    source = tmp_path / "in.csv"
    source.write_text("name,reference\nRustam Karimov,C-1\nNobody Atall,C-2\n", "utf-8")
    result = runner.invoke(
        args=[
            "screen",
            str(source),
            "-o",
            str(tmp_path / "out.csv"),
            "--workers",
            workers,
            "--user",
            "analyst@example.org",
        ]
    )
    assert result.exit_code == 0, result.output
    run = db.session.scalar(select(ScreeningRun))
    assert (run.origin, run.user.email, run.total_rows) == ("cli", "analyst@example.org", 2)
    assert run.id in result.output and run.counts["match"] == 1


def test_screen_without_user_stores_nothing(app, runner, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("name\nRustam Karimov\n", "utf-8")
    result = runner.invoke(
        args=["screen", str(source), "-o", str(tmp_path / "out.csv"), "--workers", "1"]
    )
    assert result.exit_code == 0 and db.session.scalars(select(ScreeningRun)).all() == []
