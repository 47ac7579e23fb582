"""Numbers, money, hours and dates as people in each language write them (see
`partnership_shared.i18n`, which every node and the CLI share)."""

from babel.units import format_unit

from partnership_shared.i18n import (
    LANGS,
    LOCALES,
    Lang,
    Number,
    as_decimal,
    month_start,
)
from partnership_shared.i18n import Formatter as SharedFormatter


class Formatter(SharedFormatter):
    """The shared formats, and days (`3,5 dnia`, `2 dni`; the median time to answer a referral)."""

    def days(self, value: Number) -> str:
        return format_unit(as_decimal(value), "duration-day", format="#,##0.#", locale=self.locale)

    def figure(self, value: Number, unit: str) -> str:
        if unit == "days":
            return self.days(value)
        return super().figure(value, unit)


__all__ = ["LANGS", "LOCALES", "Formatter", "Lang", "Number", "as_decimal", "month_start"]
