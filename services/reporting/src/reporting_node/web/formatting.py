"""Numbers, money, hours and dates as people in each language write them (see
`partnership_shared.i18n`, which every node and the CLI share)."""

from partnership_shared.i18n import (
    LANGS,
    LOCALES,
    Formatter,
    Lang,
    Number,
    as_decimal,
    month_start,
)

__all__ = ["LANGS", "LOCALES", "Formatter", "Lang", "Number", "as_decimal", "month_start"]
