"""flask verify-certificate FILE: the signature and digest checked offline, with the public key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask import Flask
from flask.testing import FlaskCliRunner

from app.services.signing import SigningKey


@pytest.fixture
def issued(app: Flask, client, tmp_path: Path) -> Path:
    """A certificate as a client saved it, next to the published public key."""
    app.config["CERTIFICATE_KEY_PATH"] = str(tmp_path / "installation-key.pem")
    body = client.post("/api/v1/certificates", json={"q": "Zebulon Quxworthy"}).get_json()
    (tmp_path / "public.pem").write_text(client.get("/certificates/public-key").text)
    path = tmp_path / "certificate.json"
    path.write_text(json.dumps(body["document"], indent=2))
    return path


def _verify(runner: FlaskCliRunner, *args: str):
    return runner.invoke(args=["verify-certificate", *args])


def test_an_intact_certificate_passes_with_the_public_key(runner, issued: Path) -> None:
    result = _verify(runner, str(issued), "--public-key", str(issued.parent / "public.pem"))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("INTACT") and "matched nothing" in result.output


def test_without_a_key_file_the_installations_key_is_used(runner, issued: Path) -> None:
    result = _verify(runner, str(issued))
    assert result.exit_code == 0, result.output


def test_an_altered_byte_fails_with_a_reason(runner, issued: Path) -> None:
    issued.write_text(issued.read_text().replace("Zebulon", "Zebulom", 1))
    result = _verify(runner, str(issued), "--public-key", str(issued.parent / "public.pem"))
    assert result.exit_code == 1
    assert "NOT INTACT" in result.output and "digest does not match" in result.output


def test_another_key_fails(runner, issued: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.pem"
    other.write_text(SigningKey(Ed25519PrivateKey.generate()).public.pem)
    result = _verify(runner, str(issued), "--public-key", str(other))
    assert result.exit_code == 1 and "not with this service's key" in result.output


def test_a_file_that_is_not_json_fails(runner, issued: Path) -> None:
    issued.write_text("{not json")
    result = _verify(runner, str(issued), "--public-key", str(issued.parent / "public.pem"))
    assert result.exit_code == 1 and "not a readable JSON document" in result.output


def test_a_missing_key_file_cannot_check(runner, issued: Path) -> None:
    result = _verify(runner, str(issued), "--public-key", str(issued.parent / "absent.pem"))
    assert result.exit_code == 2 and "cannot be read" in result.output


def test_a_key_file_that_is_no_key_cannot_check(runner, issued: Path) -> None:
    issued.with_name("junk.pem").write_text("hello")
    result = _verify(runner, str(issued), "--public-key", str(issued.with_name("junk.pem")))
    assert result.exit_code == 2 and "not a PEM public key" in result.output


def test_an_installation_without_a_key_asks_for_one(app: Flask, runner, tmp_path) -> None:
    app.config["CERTIFICATE_KEY_PATH"] = str(tmp_path / "none-yet.pem")
    (tmp_path / "c.json").write_text("{}")
    result = _verify(runner, str(tmp_path / "c.json"))
    assert result.exit_code == 2 and "--public-key" in result.output
    assert not (tmp_path / "none-yet.pem").exists()
