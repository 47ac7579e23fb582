"""The words of the NGO's own refusals, `(Polish, English)` by code."""

MESSAGES = {
    "agreement.unknown": (
        "w tym węźle nie ma takiego porozumienia (id {ident})",
        "this node holds no such agreement (id {ident})",
    ),
    "volunteering.unemployed_hours": (
        "osoba bezrobotna może być wolontariuszem najwyżej {limit_hours} tygodniowo, a "
        "porozumienie mówi o {value_hours}; jeśli to nie pomyłka, podaj powód w polu "
        "confirmation",
        "a person registered as unemployed may volunteer at most {limit_hours} a week; the "
        "agreement says {value_hours}; if it is meant, give the reason in confirmation",
    ),
    "volunteering.ended": (
        "porozumienie zakończyło się już {end_date}",
        "the agreement already ended on {end_date}",
    ),
}
