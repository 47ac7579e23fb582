"""The words of the OPS's own refusals, `(Polish, English)` by code."""

MESSAGES = {
    "decision.unknown": (
        "w tym węźle nie ma takiej decyzji (id {ident})",
        "this node holds no such decision (id {ident})",
    ),
    "decision.basis": (
        "na podstawie „{basis}” ośrodek nie wydaje decyzji o świadczeniu",
        "the centre grants no benefit by decision under {basis!r}",
    ),
    "decision.revoked": (
        "decyzja została uchylona {end_date}",
        "the decision was revoked on {end_date}",
    ),
    "decision.outside_period": (
        "okres wypłaty wykracza poza okres decyzji ({start_date} – {end_date})",
        "the payment's period is outside the decision's ({start_date} – {end_date})",
    ),
    "decision.amount": (
        "{value_money} to więcej niż kwota z decyzji ({limit_money}); jeśli to nie pomyłka, "
        "podaj powód w polu confirmation",
        "{value_money} is more than the decision grants ({limit_money}); if it is meant, give "
        "the reason in confirmation",
    ),
    "social_contract.no_end": (
        "kontrakt socjalny zawiera się na określony czas: podaj ends_on",
        "a social contract lasts until an agreed date: give ends_on",
    ),
    "social_contract.obligations": (
        "kontrakt socjalny zobowiązuje klienta i ośrodek: podaj zobowiązania obu stron",
        "a social contract binds the client and the centre: give obligations of both",
    ),
}
