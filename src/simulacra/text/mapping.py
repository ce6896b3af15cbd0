"""The audit mapping (original -> surrogate), encrypted at rest.

The key is a passphrase read from an environment variable (default
``SIMULACRA_MAPPING_KEY``, at least 16 characters); it is stretched with scrypt
and a random salt into a Fernet key (AES-128-CBC + HMAC-SHA256, authenticated).
The file is written atomically (temp file + rename) and holds::

    SIMULACRA-MAPPING 1
    <salt, base64>
    <Fernet token of the JSON records>

Originals never reach a log or an error message.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from simulacra._fs import atomic_write
from simulacra.errors import SinkError, SourceError
from simulacra.text._secret import env_secret
from simulacra.text.surrogates import MappingRecord

if TYPE_CHECKING:
    from cryptography.fernet import Fernet

__all__ = ["DEFAULT_KEY_ENV", "read_mapping", "write_mapping"]

DEFAULT_KEY_ENV = "SIMULACRA_MAPPING_KEY"
_MAGIC = b"SIMULACRA-MAPPING 1"


def _fernet(passphrase: bytes, salt: bytes) -> Fernet:
    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    key = Scrypt(salt=salt, length=32, n=2**14, r=8, p=1).derive(passphrase)
    return Fernet(base64.urlsafe_b64encode(key))


def write_mapping(path: str | Path, records: Sequence[MappingRecord], *, key_env: str = DEFAULT_KEY_ENV) -> int:
    """Encrypt ``records`` into ``path`` atomically; returns the number of distinct pairs written."""
    passphrase = env_secret(key_env, "--mapping")
    p = Path(path)
    seen: dict[tuple[str, str, str, str], None] = {}
    for r in records:
        seen.setdefault((r.document, r.label, r.original, r.surrogate))
    payload = json.dumps(
        [{"document": d, "label": lab, "original": o, "surrogate": s} for d, lab, o, s in seen], ensure_ascii=False
    ).encode()
    salt = os.urandom(16)
    token = _fernet(passphrase, salt).encrypt(payload)
    if not p.parent.is_dir():
        raise SinkError(f"{p}: the folder {p.parent} does not exist")
    # the one private output (owner read/write only): it links every surrogate to the original
    atomic_write(p, _MAGIC + b"\n" + base64.b64encode(salt) + b"\n" + token + b"\n", private=True)
    return len(seen)


def read_mapping(path: str | Path, *, key_env: str = DEFAULT_KEY_ENV) -> list[MappingRecord]:
    """Decrypt a mapping file written by ``write_mapping``."""
    from cryptography.fernet import InvalidToken

    p = Path(path)
    try:
        lines = p.read_bytes().split(b"\n")
    except FileNotFoundError:
        raise SourceError(f"{p}: mapping file not found") from None
    if len(lines) < 3 or lines[0] != _MAGIC:
        raise SourceError(f"{p}: not a simulacra mapping file")
    try:
        data = _fernet(env_secret(key_env, "--mapping"), base64.b64decode(lines[1])).decrypt(lines[2])
    except InvalidToken:
        raise SourceError(f"{p}: cannot decrypt: wrong key in {key_env}, or the file was altered") from None
    return [MappingRecord(r["document"], r["label"], r["original"], r["surrogate"]) for r in json.loads(data)]
