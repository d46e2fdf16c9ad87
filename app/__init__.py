"""Application factory: reads as a table of contents of the app."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.routing import IntegerConverter

from app.extensions import csrf, db, limiter, login_manager, migrate
from config import CONFIGS, Config

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def create_app(config: type[Config] | str | None = None, **overrides: object) -> Flask:
    """Build the app; ``config`` is a Config class or its name, else $APP_ENV."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(_resolve_config(config))
    app.config.update(overrides)
    _finish_config(app)

    register_converters(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_filters(app)
    register_security_headers(app)
    register_commands(app)
    register_jobs(app)
    register_list_dates(app)
    return app


def _resolve_config(config: type[Config] | str | None) -> type[Config]:
    if config is None:
        config = os.environ.get("APP_ENV", "development")
    if isinstance(config, str):
        if config not in CONFIGS:
            raise RuntimeError(f"APP_ENV must be one of {sorted(CONFIGS)}, not {config!r}")
        return CONFIGS[config]
    return config


def _finish_config(app: Flask) -> None:
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY is not set: production refuses to start without one")
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        os.makedirs(app.instance_path, exist_ok=True)
        path = os.path.join(app.instance_path, "sanctions.sqlite")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgres://"):  # the old Heroku-style scheme SQLAlchemy rejects
        app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql://" + uri[len("postgres://") :]
    if uri.startswith("sqlite"):
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        connect_args = dict(options.get("connect_args") or {})
        connect_args.setdefault("timeout", app.config["SQLITE_BUSY_TIMEOUT_SECONDS"])
        options["connect_args"] = connect_args
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record) -> None:  # noqa: ANN001
    """SQLite only: WAL for concurrent readers, enforced foreign keys, a read cache."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Reads dominate (every search): a larger page cache and memory-mapped reads
    # keep the key index in memory instead of re-reading it through the OS.
    cursor.execute("PRAGMA cache_size=-65536")  # KiB, i.e. 64 MiB per connection
    cursor.execute("PRAGMA mmap_size=268435456")
    cursor.close()


class DatabaseIdConverter(IntegerConverter):
    """<int:...> in routes, bounded to what a database id can hold.

    A larger number in a URL is simply a page that does not exist (404), instead of
    an overflow deep in the database driver.
    """

    def __init__(self, url_map, fixed_digits=0, min=None, max=2**63 - 1, signed=False):  # noqa: A002
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def register_converters(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseIdConverter


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)


def register_blueprints(app: Flask) -> None:
    from app.admin import bp as admin_bp
    from app.api import bp as api_bp
    from app.certificates import bp as certificates_bp
    from app.feeds import bp as feeds_bp
    from app.interop import bp as interop_bp
    from app.public import bp as public_bp
    from app.screening import bp as screening_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(screening_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(feeds_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(interop_bp)  # /match, /reconcile, /entities (issue 17)
    app.register_blueprint(certificates_bp)  # /certificates (issue 11)


def register_template_filters(app: Flask) -> None:
    from app import wording

    wording.register(app)


def register_errorhandlers(app: Flask) -> None:
    from app.errors import register

    register(app)


def register_security_headers(app: Flask) -> None:
    """Trusted hosts, the proxy's headers, safe JSON parsing, security headers."""
    from app import security

    security.init_app(app)


def register_list_dates(app: Flask) -> None:
    from app.lists_web import register

    register(app)


def register_commands(app: Flask) -> None:
    from app.cli import register

    register(app)


def register_jobs(app: Flask) -> None:
    from app import jobs
    from app.jobs.cli import register as register_job_commands

    register_job_commands(app)
    jobs.init_app(app)
