"""``flask verify-certificate FILE``: check a certificate offline, with the public key only."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.certified_search import configured_public_key, parse_json_document
from app.services import certificates
from app.services.signing import SigningKeyError, public_key_from_file

# Exit codes: intact, not intact, could not check.
INTACT, NOT_INTACT, CANNOT_CHECK = 0, 1, 2


@click.command("verify-certificate")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--public-key",
    "key_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="PEM file of the public key (from /certificates/public-key); default: this"
    " installation's own key.",
)
def verify_certificate(file: Path, key_file: Path | None) -> None:
    """Check a certificate's digest and Ed25519 signature, offline (no database)."""
    try:
        key = public_key_from_file(key_file) if key_file else configured_public_key()
    except SigningKeyError as error:
        _fail(f"Cannot check: {error}")
    if key is None:
        _fail("Cannot check: this installation has no signing key; give --public-key KEY.pem")
    limit = current_app.config["CERTIFICATE_MAX_BODY_BYTES"]
    try:
        if file.stat().st_size > limit:
            _fail(f"Cannot check: {file} is larger than {limit} bytes (CERTIFICATE_MAX_BODY_BYTES)")
        data = file.read_bytes()
    except OSError as error:
        _fail(f"Cannot check: {file} cannot be read ({error.strerror or error})")
    try:
        document = parse_json_document(data)
    except ValueError as error:
        click.echo(f"NOT INTACT: {file} is not a readable JSON document: {error}")
        sys.exit(NOT_INTACT)
    result = certificates.verify(document, key)
    if not result.intact:
        click.echo(f"NOT INTACT: {result.reason}")
        sys.exit(NOT_INTACT)
    click.echo(f"INTACT: certificate {result.certificate_id}: {result.reason}.")
    statement = (document["certificate"].get("outcome") or {}).get("statement")
    if isinstance(statement, str):
        click.echo(statement)
    click.echo("Offline check: that it is the copy stored by the service is checked online"
               " (POST /api/v1/certificates/verify).")  # fmt: skip


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(CANNOT_CHECK)
