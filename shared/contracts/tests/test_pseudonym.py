"""Pseudonyms: one per person across partners, unlinkable across partnerships."""

from __future__ import annotations

import pytest

from partnership_shared.kernel.pseudonym import InvalidPesel, pseudonym_for

PESEL = "44051401359"


def test_every_partner_derives_the_same_pseudonym_for_the_same_person() -> None:
    secret = b"partnership secret"
    assert pseudonym_for(PESEL, secret) == pseudonym_for(" 4405 1401 359", secret)
    assert len(pseudonym_for(PESEL, secret)) == 64


def test_another_partnership_cannot_link_the_same_person() -> None:
    assert pseudonym_for(PESEL, b"one partnership") != pseudonym_for(PESEL, b"another")


def test_the_pseudonym_does_not_contain_the_pesel() -> None:
    assert PESEL not in pseudonym_for(PESEL, b"k")


@pytest.mark.parametrize("bad", ["44051401358", "4405140135", "abcdefghijk", ""])
def test_an_invalid_pesel_has_no_pseudonym(bad: str) -> None:
    with pytest.raises(InvalidPesel, match="invalid PESEL"):
        pseudonym_for(bad, b"k")
