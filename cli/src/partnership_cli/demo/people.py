"""Invented people for the demos: valid PESELs, made-up names, the published figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from stdnum.pl import pesel as stdnum_pesel


@dataclass(frozen=True)
class Person:
    ref: str
    first_name: str
    last_name: str
    born: date
    female: bool
    serial: int
    disability: str
    enrolled_on: date
    household: int
    left_on: date | None = None
    replaces: str | None = None

    @property
    def pesel(self) -> str:
        """A valid PESEL for the invented person (checksum by python-stdnum)."""
        month = self.born.month + (20 if self.born.year >= 2000 else 0)
        sex_digit = (self.serial % 5) * 2 + (0 if self.female else 1)
        stem = f"{self.born:%y}{month:02d}{self.born:%d}{self.serial:03d}{sex_digit}"
        return stem + str(stdnum_pesel.calc_check_digit(stem))

    def active_on(self, day: date) -> bool:
        return self.enrolled_on <= day and (self.left_on is None or day <= self.left_on)


def split(total: str, count: int) -> list[Decimal]:
    """`total` in `count` parts to the grosz, the rounding left on the last part."""
    whole = Decimal(total)
    part = (whole / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [part] * (count - 1) + [whole - part * (count - 1)]
