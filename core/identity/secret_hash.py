"""Slow, salted hashes for what people choose (the teacher's password, a student's PIN)
and fast ones for the random tokens the lab makes (a 32-byte token needs no salt)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# scrypt's cost: 2**14 x 8 blocks = 16 MiB and about 50 ms a hash, as Python's docs suggest.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_LENGTH = 32


def _scrypt(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r, dklen=_LENGTH
    )


def hash_secret(secret: str) -> str:
    """`scrypt$N$r$p$salt$hash` (hex): everything needed to check `secret` again."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(secret, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_secret(secret: str, stored: str | None) -> bool:
    """True when `secret` is the one `stored` (from hash_secret) was made from."""
    try:
        kind, n, r, p, salt, digest = str(stored).split("$")
        if kind != "scrypt":
            return False
        found = _scrypt(str(secret), bytes.fromhex(salt), int(n), int(r), int(p))
        return hmac.compare_digest(found, bytes.fromhex(digest))
    except (ValueError, TypeError, MemoryError):
        return False


def new_token() -> str:
    """A random token for a browser to keep (32 bytes, URL-safe)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """How a token is stored: its SHA-256 (a random 32-byte token needs no salt)."""
    return hashlib.sha256(str(token).encode()).hexdigest()
