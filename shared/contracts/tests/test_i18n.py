"""Every node and the CLI speak Polish by default and English on request."""

from __future__ import annotations

from decimal import Decimal

import pytest

from partnership_shared.i18n import Catalogue, Formatter, pick_lang

WORDS = Catalogue({"saved": ("Zapisano {n} zapisów", "Saved {n} records")})


@pytest.mark.parametrize(
    ("candidates", "lang"),
    [
        ((None, None), "pl"),
        (("en", None), "en"),
        ((None, "en-GB,en;q=0.9,pl;q=0.8"), "en"),
        (("de", "pl-PL"), "pl"),
        (("fr", "de"), "pl"),
    ],
)
def test_the_first_language_we_speak_wins_else_polish(
    candidates: tuple[str | None, ...], lang: str
) -> None:
    assert pick_lang(*candidates) == lang


def test_words_come_in_the_chosen_language_with_their_values() -> None:
    assert WORDS.text("pl", "saved", n=3) == "Zapisano 3 zapisów"
    assert WORDS.text("en", "saved", n=3) == "Saved 3 records"
    assert WORDS.text("pl", "no.such.key") == "no.such.key"


def test_polish_formats_of_money_hours_and_dates() -> None:
    polish = Formatter("pl")
    assert polish.money(Decimal("1234.56")) == "1\xa0234,56\xa0zł"
    assert polish.hours(Decimal("1.5")) == "1,5\xa0godz."
    assert Formatter("en").money("1234.56") == "1,234.56\xa0PLN"
