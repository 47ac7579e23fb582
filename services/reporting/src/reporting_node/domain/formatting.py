"""How figures are written in the API: exact decimal strings, never floats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from partnership_shared.kernel.types import from_units

RATE_PLACES = Decimal("0.0001")


def money(units: int) -> str:
    """Grosze as złote with two places: `5198628` → `"51986.28"`."""
    return str(from_units(units, 2))


def hours(units: int) -> str:
    """Hundredths of an hour with the fewest places, but at least one: `"783.5"`, `"10.0"`."""
    text = format(Decimal(units).scaleb(-2).normalize(), "f")
    return text if "." in text else f"{text}.0"


def rate(part: int, whole: int) -> str:
    """`part ÷ whole` with four places, half up (`"0.0000"` when there is no whole)."""
    if whole <= 0:
        return "0.0000"
    return str((Decimal(part) / Decimal(whole)).quantize(RATE_PLACES, rounding=ROUND_HALF_UP))
