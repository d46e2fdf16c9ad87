"""`flask update ofac`: the four files of OFAC's folder, downloaded and imported together."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Designation, ListUpdate
from app.runners import run_updates
from tests import list_server
from tests.builders import sdn_row, write_ofac_set

FILES = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")


@pytest.fixture
def server(app):
    state, httpd = list_server.start()
    app.config["LIST_SOURCES"] = {"ofac": f"{state.base_url}/ofac"}  # no trailing slash
    yield state
    httpd.shutdown()
    httpd.server_close()


def _serve_set(server, folder) -> None:
    for name in FILES:
        server.serve(f"/ofac/{name}", folder / name)


def test_the_four_files_are_fetched_from_the_folder_and_imported(app, server, tmp_path):
    _serve_set(server, write_ofac_set(tmp_path / "a", [sdn_row(900001, "FOLDEROV, Ivan")]))
    (outcome,) = run_updates(["ofac"])
    assert outcome.outcome == "imported"
    assert sorted(path for path, _ in server.requests) == sorted(f"/ofac/{n}" for n in FILES)
    assert db.session.scalar(select(func.count(Designation.id))) == 1


def test_unchanged_only_when_all_four_answer_304(app, server, tmp_path):
    _serve_set(server, write_ofac_set(tmp_path / "a", [sdn_row(900001, "FOLDEROV, Ivan")]))
    run_updates(["ofac"])
    assert run_updates(["ofac"])[0].outcome == "unchanged"
    changed = write_ofac_set(
        tmp_path / "b", [sdn_row(900001, "FOLDEROV, Ivan"), sdn_row(900002, "FOLDEROVA, Olga")]
    )
    server.serve("/ofac/sdn.csv", changed / "sdn.csv")  # one file changed, three answer 304
    (outcome,) = run_updates(["ofac"])
    assert outcome.outcome == "imported"
    assert db.session.scalar(select(func.count(Designation.id))) == 2
    outcomes = db.session.scalars(select(ListUpdate.outcome).order_by(ListUpdate.id)).all()
    assert outcomes == ["imported", "unchanged", "imported"]
