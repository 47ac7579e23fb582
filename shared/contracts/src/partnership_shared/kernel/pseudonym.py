"""Client pseudonyms: the only way events name a person.

A pseudonym is HMAC-SHA-256 of the validated PESEL under the partnership's secret. Every partner
holding the secret derives the same pseudonym for the same person; the reporting node, which never
holds PESELs, cannot reverse it; and pseudonyms of two partnerships cannot be linked.
"""

from __future__ import annotations

import hashlib
import hmac

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import pesel as stdnum_pesel


class InvalidPesel(ValueError):
    """The PESEL is not a valid Polish personal identification number; `reason` says why:
    `length`, `format` (not digits), `checksum` or `component` (no such birth date)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


_REASONS = {
    "InvalidLength": "length",
    "InvalidFormat": "format",
    "InvalidChecksum": "checksum",
    "InvalidComponent": "component",
}


def validate_pesel(value: str) -> str:
    """The PESEL in its compact form, or `InvalidPesel` saying what is wrong with it."""
    try:
        return str(stdnum_pesel.validate(value))
    except StdnumError as error:
        reason = _REASONS.get(type(error).__name__, "format")
        raise InvalidPesel(reason, f"invalid PESEL: {str(error).lower()}") from None


def pseudonym_for(pesel: str, secret: bytes) -> str:
    """The partnership-wide pseudonym of the person with this PESEL."""
    compact = validate_pesel(pesel)
    return hmac.new(secret, compact.encode("ascii"), hashlib.sha256).hexdigest()


def family_pseudonym_for(pesel: str, secret: bytes) -> str:
    """The pseudonym of the family whose signatory has this PESEL (the same on every partner).

    Keyed apart from the person's own pseudonym, so the two cannot be matched to each other.
    """
    compact = validate_pesel(pesel)
    return hmac.new(secret, b"family:" + compact.encode("ascii"), hashlib.sha256).hexdigest()
