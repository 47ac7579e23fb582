"""Passwords: argon2id hashes (pwdlib), one-time passwords, and what is too weak to accept.

The argon2id cost is OWASP's recommended minimum (19 MiB, two passes, one lane): about 0.1 s a
check on a two-core server, run in a worker thread so it never holds up other requests.
"""

from __future__ import annotations

import secrets

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

MIN_LENGTH = 12

_HASHER = PasswordHash((Argon2Hasher(time_cost=2, memory_cost=19_456, parallelism=1),))

_NOBODY = _HASHER.hash(secrets.token_urlsafe(16))
"""A hash no password matches: checked when the user name is unknown, so that an unknown name
takes as long to refuse as a wrong password and names cannot be told apart by timing."""


class WeakPassword(ValueError):
    """The password is refused; `code` is its message key, `params` fill it in."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password: str, hashed: str | None) -> bool:
    """Whether `password` matches `hashed` (None: an account without a password matches none)."""
    return bool(_HASHER.verify(password, hashed or _NOBODY)) and hashed is not None


def one_time_password() -> str:
    """A random password to hand to a person once (they choose their own when they first use it)."""
    return secrets.token_urlsafe(15)


def check_strength(password: str, username: str) -> None:
    """Refuse a password that is too short or contains the user name."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword("password.too_short", length=MIN_LENGTH)
    if username and username.lower() in password.lower():
        raise WeakPassword("password.like_username")
