"""The app's Ed25519 signing key for certificates: loaded, or created once, and its public half.

The private key comes from a setting (a PEM text) or from a PEM file, created on first
use with mode 600. Creation is safe against two processes starting at once: the key is
written to a temporary file and linked into place only if no key is there yet, so
every process ends up signing with the one key on disk.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALGORITHM = "Ed25519"
KEY_FILE_MODE = 0o600
# The largest public-key file the offline check reads (a PEM key is about 113 bytes).
MAX_KEY_FILE_BYTES = 16 * 1024


class SigningKeyError(ValueError):
    """A key that cannot be read: the message says which and why."""


@dataclass(frozen=True)
class PublicKey:
    key: Ed25519PublicKey

    @property
    def raw(self) -> bytes:
        return self.key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    @property
    def key_id(self) -> str:
        """The first 16 hex digits of the SHA-256 of the raw public key."""
        return hashlib.sha256(self.raw).hexdigest()[:16]

    @property
    def pem(self) -> str:
        return self.key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode("ascii")

    def as_dict(self) -> dict[str, str]:
        return {
            "algorithm": ALGORITHM,
            "key_id": self.key_id,
            "public_key": base64.b64encode(self.raw).decode("ascii"),
            "public_key_pem": self.pem,
        }

    def verifies(self, signature: bytes, data: bytes) -> bool:
        try:
            self.key.verify(signature, data)
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True)
class SigningKey:
    key: Ed25519PrivateKey

    @property
    def public(self) -> PublicKey:
        return PublicKey(self.key.public_key())

    def sign(self, data: bytes) -> str:
        """The signature of ``data``, base64."""
        return base64.b64encode(self.key.sign(data)).decode("ascii")


def load_signing_key(pem: str | None, path: Path) -> SigningKey:
    """The key given as PEM text, else the one in ``path`` (created there if missing)."""
    if pem:
        return SigningKey(_private_from_pem(pem.encode("utf-8"), "CERTIFICATE_SIGNING_KEY"))
    if not path.exists():
        _create_key_file(path)
    return SigningKey(_private_from_pem(path.read_bytes(), str(path)))


def existing_public_key(pem: str | None, path: Path) -> PublicKey | None:
    """The public half of the configured key, without creating one (None if there is none)."""
    if not pem and not path.exists():
        return None
    return load_signing_key(pem, path).public


def public_key_from_file(path: Path) -> PublicKey:
    """A public key from a PEM file (a private key's file also gives its public half)."""
    try:
        if path.stat().st_size > MAX_KEY_FILE_BYTES:
            raise SigningKeyError(f"{path}: larger than {MAX_KEY_FILE_BYTES} bytes, not a key file")
        data = path.read_bytes()
    except OSError as error:
        raise SigningKeyError(f"{path}: cannot be read ({error.strerror or error})") from None
    if b"PRIVATE KEY" in data:
        return SigningKey(_private_from_pem(data, str(path))).public
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError:
        raise SigningKeyError(f"{path}: not a PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise SigningKeyError(f"{path}: not an Ed25519 public key")
    return PublicKey(key)


def _private_from_pem(data: bytes, where: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise SigningKeyError(f"{where}: not an unencrypted PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(f"{where}: not an Ed25519 private key")
    return key


def _create_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, KEY_FILE_MODE)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(pem)
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(temporary, path)  # fails if another process put its key there first
        except FileExistsError:
            pass
    finally:
        temporary.unlink(missing_ok=True)
