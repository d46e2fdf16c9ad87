"""Certificates of search: signed, canonical, stored, and verified against all three."""

from __future__ import annotations

import json
import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask import Flask

from app.extensions import db
from app.models import Certificate
from app.runners import run_import
from app.services import certificates
from app.services.list_versions import list_versions
from app.services.signing import SigningKey, SigningKeyError, load_signing_key
from tests.builders import create_designation
from tests.conftest import REPO_ROOT

CANADA_SEED = REPO_ROOT / "seed_data" / "canada" / "jvcfor_2020-04.xml"


def _key() -> SigningKey:
    return SigningKey(Ed25519PrivateKey.generate())


def _lists() -> list[dict]:
    return [version.as_dict() for version in list_versions(db.session)]


def _answer(total: int = 0, results: list[dict] | None = None) -> certificates.SearchAnswer:
    return certificates.SearchAnswer(
        query={"q": "Zebulon Quxworthy", "status": "active", "threshold": None},
        filters=["status active"],
        threshold=0.85,
        total=total,
        results=results or [],
        searched_for="the name “Zebulon Quxworthy”",
    )


def _issued(key: SigningKey) -> dict:
    create_designation("KUZNETSOV, Artem")
    record = certificates.issue_for_search(db.session, key, _answer(), _lists())
    return certificates.document_of(record)


def test_an_issued_certificate_verifies_as_intact(app: Flask) -> None:
    key = _key()
    document = _issued(key)
    result = certificates.verify(document, key.public, db.session)
    assert result.intact, result.reason
    assert result.certificate_id == document["certificate"]["id"]


def test_the_digest_is_the_sha256_of_the_canonical_certificate(app: Flask) -> None:
    document = _issued(_key())
    assert document["digest"] == certificates.digest_of(document["certificate"])
    assert document["digest"].startswith("sha256:") and len(document["digest"]) == 71


def test_altering_one_byte_of_the_json_fails_verification_with_a_reason(app: Flask) -> None:
    key = _key()
    text = certificates.canonical(_issued(key)).decode()
    altered = json.loads(text.replace("Zebulon", "Zebulom", 1))
    result = certificates.verify(altered, key.public, db.session)
    assert not result.intact
    assert "digest does not match" in result.reason


def test_a_new_digest_for_altered_content_still_fails_on_the_signature(app: Flask) -> None:
    key = _key()
    document = _issued(key)
    document["certificate"]["outcome"]["total"] = 3
    document["digest"] = certificates.digest_of(document["certificate"])
    result = certificates.verify(document, key.public, db.session)
    assert not result.intact and "signature does not match" in result.reason


def test_a_reserialised_document_still_verifies(app: Flask) -> None:
    key = _key()
    document = _issued(key)
    text = json.dumps(_reversed(document), indent=3, ensure_ascii=True)
    assert text != certificates.canonical(document).decode()
    result = certificates.verify(json.loads(text), key.public, db.session)
    assert result.intact, result.reason


def _reversed(value):
    """The same JSON value with every object's keys in reverse order."""
    if isinstance(value, dict):
        return {k: _reversed(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [_reversed(item) for item in value]
    return value


def test_another_key_fails_verification(app: Flask) -> None:
    document = _issued(_key())
    result = certificates.verify(document, _key().public, db.session)
    assert not result.intact and "not with this service's key" in result.reason


def test_a_forged_key_id_still_fails_on_the_signature(app: Flask) -> None:
    document = _issued(_key())
    other = _key()
    document["signature"]["key_id"] = other.public.key_id
    result = certificates.verify(document, other.public)
    assert not result.intact and "signature does not match" in result.reason


def test_a_signed_document_not_stored_under_its_id_fails(app: Flask) -> None:
    key = _key()
    document = _issued(key)
    db.session.delete(db.session.get(Certificate, document["certificate"]["id"]))
    db.session.commit()
    result = certificates.verify(document, key.public, db.session)
    assert not result.intact and "was issued here" in result.reason


def test_a_signed_document_other_than_the_one_stored_under_its_id_fails(app: Flask) -> None:
    key = _key()
    first = _issued(key)
    second = certificates.document_of(
        certificates.issue_for_search(db.session, key, _answer(), _lists())
    )
    stored = db.session.get(Certificate, second["certificate"]["id"])
    stored.digest = first["digest"]  # the store holds another certificate under this id
    db.session.commit()
    result = certificates.verify(second, key.public, db.session)
    assert not result.intact and "is a different one" in result.reason


def test_a_search_that_found_nothing_says_so(app: Flask) -> None:
    certificate = _issued(_key())["certificate"]
    assert certificate["outcome"]["matched"] is False and certificate["results"] == []
    statement = certificate["outcome"]["statement"]
    assert "the name “Zebulon Quxworthy” matched nothing at a score of 0.85 or more" in statement
    assert statement.startswith("On ") and " UTC, against the " in statement


def test_a_certificate_records_list_versions_and_the_matcher(app: Flask) -> None:
    run_import("canada-xml", CANADA_SEED)
    certificate = _issued(_key())["certificate"]
    assert certificate["lists"] == _lists() and certificate["lists"]
    assert set(certificate["matcher"]) == {"keys_fingerprint", "app_version"}
    assert certificate["issued_at"].endswith("Z")


def test_certificate_ids_are_long_and_random(app: Flask) -> None:
    key = _key()
    ids = {_issued(key)["certificate"]["id"] for _ in range(3)}
    assert len(ids) == 3 and all(len(i) == 32 for i in ids)


def test_the_stored_document_is_its_canonical_json(app: Flask) -> None:
    key = _key()
    record = certificates.issue_for_search(db.session, key, _answer(), _lists())
    assert record.document.encode() == certificates.canonical(certificates.document_of(record))


def test_a_document_without_a_signature_is_not_a_certificate(app: Flask) -> None:
    key = _key()
    document = _issued(key)
    del document["signature"]
    result = certificates.verify(document, key.public)
    assert not result.intact and "signature missing" in result.reason


def test_verification_says_which_lists_changed_since(app: Flask) -> None:
    run_import("canada-xml", CANADA_SEED)
    key = _key()
    document = _issued(key)
    now = [dict(entry, digest="0" * 64) for entry in _lists()]
    result = certificates.verify(document, key.public, db.session, now)
    assert result.lists and all(entry["unchanged_since"] is False for entry in result.lists)


def _run_document() -> dict:
    return {
        "id": "run-7",
        "status": "done",
        "created_at": "2026-12-01T10:00:00Z",
        "threshold": 0.85,
        "lists": [{"source": "ofac-sdn", "name": "OFAC SDN", "digest": "a" * 64}],
        "rows": [
            {
                "line": 2,
                "input": {"name": "Artem Kuznetsov", "reference": "C-1"},
                "status": "ok",
                "hits": [
                    {
                        "hit_id": "h1",
                        "subject": {"name": "KUZNETSOV, Artem"},
                        "score": 1.0,
                        "why": "exact name",
                        "measures": [],
                        "decision": {
                            "decision": "false_positive",
                            "reason": "other birth date",
                            "by": "analyst@example.org",
                            "at": "2026-12-01T11:00:00Z",
                            "confirmed_by": None,
                        },
                    }
                ],
            },
            {"line": 3, "input": {"name": "Zebulon Quxworthy"}, "status": "ok", "hits": []},
        ],
    }


def test_a_screening_run_certificate_holds_its_rows_and_decisions(app: Flask) -> None:
    key = _key()
    record = certificates.issue_for_screening(db.session, key, _run_document())
    certificate = certificates.document_of(record)["certificate"]
    assert certificate["kind"] == "screening" and certificate["screening"]["id"] == "run-7"
    assert certificate["rows"][0]["hits"][0]["decision"]["decision"] == "false_positive"
    assert "2 rows" in certificate["outcome"]["statement"]
    assert "1 row had 1 hit, 1 decided" in certificate["outcome"]["statement"]
    assert record.screening_id == "run-7"


def test_a_screening_run_certificate_verifies(app: Flask) -> None:
    key = _key()
    record = certificates.issue_for_screening(db.session, key, _run_document())
    result = certificates.verify(certificates.document_of(record), key.public, db.session)
    assert result.intact, result.reason


def test_the_key_file_is_created_once_with_mode_600(tmp_path) -> None:
    path = tmp_path / "keys" / "signing.pem"
    first = load_signing_key(None, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_signing_key(None, path).public.key_id == first.public.key_id


def test_a_key_given_as_a_setting_is_used_and_no_file_is_written(tmp_path) -> None:
    pem = _key().key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()  # fmt: skip
    key = load_signing_key(pem, tmp_path / "unused.pem")
    assert key.public.key_id == load_signing_key(pem, tmp_path / "unused.pem").public.key_id
    assert not (tmp_path / "unused.pem").exists()


def test_a_key_setting_that_is_no_key_is_refused_by_name(tmp_path) -> None:
    with pytest.raises(SigningKeyError, match="CERTIFICATE_SIGNING_KEY"):
        load_signing_key("not a key", tmp_path / "unused.pem")
