"""The partnership's secrets on disk: made strong, kept in files only their owner can read.

The pseudonym secret keys every client's pseudonym (HMAC-SHA-256 of the PESEL); a partner's
signing key vouches for its event chain. Both are refused when weak or readable by others, and
neither is ever logged: errors name the file and the problem, never the value.
"""

from __future__ import annotations

import os
import secrets
import stat
from itertools import pairwise
from pathlib import Path

MIN_SECRET_LENGTH = 32
MIN_DISTINCT_CHARACTERS = 10
LONGEST_RUN = 8
KNOWN_PLACEHOLDERS = ("secret", "changeme", "password", "partnership", "example", "test")


class WeakSecret(ValueError):
    """A secret an attacker could guess, or a file others can read; the message says which."""


def new_pseudonym_secret() -> str:
    """A fresh pseudonym secret: 32 random bytes as 64 hex digits."""
    return secrets.token_hex(32)


def secret_weakness(secret: str) -> str | None:
    """Why `secret` is too weak to key pseudonyms, or None when it is strong enough."""
    if len(secret) < MIN_SECRET_LENGTH:
        return (
            f"it has {len(secret)} characters; at least {MIN_SECRET_LENGTH} random ones are "
            "needed (e.g. `openssl rand -hex 32`)"
        )
    distinct = len(set(secret))
    if distinct < MIN_DISTINCT_CHARACTERS:
        return (
            f"it uses only {distinct} different characters; a random secret of this length "
            f"uses at least {MIN_DISTINCT_CHARACTERS}"
        )
    run = _longest_run(secret)
    if run >= LONGEST_RUN:
        return f"it has a run of {run} repeated or consecutive characters (like `aaaa` or `1234`)"
    lowered = secret.lower()
    for placeholder in KNOWN_PLACEHOLDERS:
        if lowered.count(placeholder) * len(placeholder) * 2 >= len(secret):
            return f"it is mostly the word {placeholder!r}"
    return None


def _longest_run(text: str) -> int:
    longest = current = 1
    for before, after in pairwise(text):
        step = ord(after) - ord(before)
        current = current + 1 if step in (0, 1, -1) else 1
        longest = max(longest, current)
    return longest


def check_secret(secret: str, what: str = "the pseudonym secret") -> str:
    """`secret` itself, or `WeakSecret` saying what is weak about it (never the value)."""
    weakness = secret_weakness(secret)
    if weakness is not None:
        raise WeakSecret(f"{what} is weak: {weakness}")
    return secret


def check_private_file(path: Path, what: str) -> None:
    """Refuse a secret's file that anyone but its owner may read or write."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise WeakSecret(
            f"{what} {path} has mode {mode:04o}: others may read it; "
            f"make it readable by its owner only (chmod 600 {path})"
        )


def read_private_text(path: Path, what: str) -> str:
    """The text of a secret's file, after checking only its owner may read it."""
    check_private_file(path, what)
    return path.read_text(encoding="utf-8").strip()


def write_private(path: Path, content: bytes) -> None:
    """Create `path` with mode 0600 and write `content`; an existing file is never overwritten."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
