"""Column types that keep money and hours exact in SQLite and PostgreSQL alike."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Dialect
from sqlalchemy.types import TypeDecorator


class ScaledDecimal(TypeDecorator[Decimal]):
    """A `Decimal` stored as a whole number of its smallest unit (grosze, hundredths of an hour).

    SQLite has no exact decimal type; integers are exact everywhere, and so are their SUMs.
    Storing a value with more places than the column keeps is refused, never rounded.
    """

    impl = BigInteger
    cache_ok = True

    def __init__(self, places: int = 2) -> None:
        super().__init__()
        self.places = places

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        return to_units(value, self.places)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return from_units(int(value), self.places)


def to_units(value: Decimal, places: int = 2) -> int:
    scaled = Decimal(value).scaleb(places)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{value} has more than {places} decimal places")
    return int(scaled)


def from_units(units: int, places: int = 2) -> Decimal:
    return Decimal(units).scaleb(-places).quantize(Decimal(1).scaleb(-places))
