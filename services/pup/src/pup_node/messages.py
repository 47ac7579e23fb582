"""The words of the PUP's own refusals, `(Polish, English)` by code."""

MESSAGES = {
    "registration.open": (
        "klient jest już zarejestrowany w urzędzie (od {registered_date})",
        "the client is already registered (since {registered_date})",
    ),
    "registration.ended": (
        "rejestracja zakończyła się już {end_date}",
        "the registration already ended on {end_date}",
    ),
    "registration.none": (
        "klient nie jest zarejestrowany w urzędzie",
        "the client is not registered at the office",
    ),
    "internship.unknown": (
        "w tym węźle nie ma takiego stażu (id {ident})",
        "this node holds no such internship (id {ident})",
    ),
    "month.invalid": ("{month} to nie jest miesiąc (RRRR-MM)", "{month} is not a month (YYYY-MM)"),
    "stipend.outside_internship": (
        "staż nie obejmuje miesiąca {month}",
        "the internship does not cover {month}",
    ),
    "stipend.paid": (
        "stypendium za {month} zostało już wypłacone",
        "the stipend for {month} was already paid",
    ),
}
