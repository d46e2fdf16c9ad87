"""Sign-in limits under real concurrency: parallel requests to two gunicorn workers."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from app.extensions import db
from app.models import SignInCounter, User
from tests.admin.helpers import PASSWORD, make_user
from tests.conftest import ON_POSTGRES, _close, _make_app
from tests.live_server import Browser, gunicorn

EMAIL = "target@example.org"


@pytest.fixture
def database(empty_db_template: Path, tmp_path: Path) -> Path:
    """A migrated database holding one editor account (a SQLite copy gunicorn serves)."""
    if ON_POSTGRES:
        pytest.skip("builds its own SQLite database for a separate process")
    path = tmp_path / "live.sqlite"
    shutil.copy(empty_db_template, path)
    app = _make_app(path)
    make_user(app, EMAIL)
    _close(app)
    return path


def _in_parallel(port: int, attempts: int, password: str) -> list[int]:
    """``attempts`` sign-ins, each from its own client, sent at the same moment."""
    browsers = [Browser(port) for _ in range(attempts)]
    tokens = [browser.csrf_token("/admin/login") for browser in browsers]
    start = threading.Barrier(attempts)
    statuses: list[int] = [0] * attempts

    def attempt(index: int) -> None:
        form = {"email": EMAIL, "password": password, "csrf_token": tokens[index], "next": ""}
        start.wait()
        statuses[index] = browsers[index].request("POST", "/admin/login", form)[0]

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def _state(database: Path) -> tuple:
    app = _make_app(database)
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == EMAIL))
        counter = db.session.get(SignInCounter, f"account:{EMAIL}")
        result = (user.failed_logins, user.locked_until, counter.count if counter else 0)
    _close(app)
    return result


def test_eight_parallel_wrong_passwords_are_counted_as_eight(database: Path) -> None:
    with gunicorn(database, LOGIN_LOCKOUT_ATTEMPTS="100") as port:
        statuses = _in_parallel(port, 8, "wrong password")
    assert statuses == [200] * 8
    failed_logins, _, counted = _state(database)
    assert (failed_logins, counted) == (8, 8)


def test_parallel_wrong_passwords_lock_the_account(database: Path) -> None:
    with gunicorn(database) as port:  # lockout after 5 wrong passwords in a row
        _in_parallel(port, 8, "wrong password")
        assert Browser(port).sign_in(EMAIL, PASSWORD) == 200  # refused: locked
    _, locked_until, _ = _state(database)
    assert locked_until is not None


def test_the_account_limit_holds_against_parallel_attempts(database: Path) -> None:
    env = {"LOGIN_LOCKOUT_ATTEMPTS": "100", "LOGIN_RATE_LIMIT_PER_ACCOUNT": "10 per 15 minutes"}
    with gunicorn(database, **env) as port:
        statuses = _in_parallel(port, 20, "wrong password")
    assert sorted(statuses) == [200] * 10 + [429] * 10  # only 10 passwords were checked
    failed_logins, _, _ = _state(database)
    assert failed_logins == 10
