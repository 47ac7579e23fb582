"""Staff find a client typing without Polish letters, in any case (`dabrowska` → Dąbrowska)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from partnership_partner.domain.search import fold, search_name, search_terms

POLISH = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"
PLAIN = "acelnoszzACELNOSZZ"


def test_polish_letters_fold_to_plain_ones() -> None:
    assert fold(POLISH) == PLAIN.lower()
    assert fold("Dąbrowska-Łęcka") == "dabrowska-lecka"
    assert search_name("Grażyna", "Woźniak") == "wozniak grazyna"


def test_a_query_is_words_to_find_or_the_beginning_of_a_pesel() -> None:
    assert search_terms("  DĄBROWSKA  hal ") == (["dabrowska", "hal"], None)
    assert search_terms("800217 10") == ([], "80021710")
    assert search_terms("o'connor, 50%") == (["o", "connor", "50"], None)


@given(st.text(alphabet=st.sampled_from(POLISH + PLAIN + " -"), max_size=30))
def test_a_name_typed_without_polish_letters_is_found(name: str) -> None:
    typed = fold(name).upper()  # the way a hurried caseworker types it
    assert fold(typed) in fold(name)
    assert fold(fold(name)) == fold(name)
