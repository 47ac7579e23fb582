"""How staff find a client: by surname, first name or PESEL, forgiving Polish letters and case.

Staff often type without Polish letters (`dabrowska`, `lodz`) or in capitals; a name kept as
`Dąbrowska` must still be found. Both the name and what is typed are *folded* the same way: to
lower case, Polish (and other) diacritics taken off, `ł` written `l`. The folded name is kept
beside the name (`clients.search_name`), so a search compares plain text on SQLite and
PostgreSQL alike, with no function of either database's own.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_DECOMPOSED = str.maketrans({"ł": "l", "Ł": "l", "đ": "d", "ø": "o", "ß": "ss"})
"""Letters that carry no combining mark to take off (ł is a letter of its own in Unicode)."""
_WORDS = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """`Dąbrowska-Łęcka` → `dabrowska-lecka`: lower case, without diacritics."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_NOT_DECOMPOSED))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return plain.casefold()


def search_name(first_name: str | None, last_name: str | None) -> str:
    """What a client's name is searched by: both names, folded, one space apart (nothing once
    the client's personal data were erased)."""
    if first_name is None or last_name is None:
        return ""
    return f"{fold(last_name)} {fold(first_name)}"


def search_terms(query: str) -> tuple[list[str], str | None]:
    """The folded words of a query, each of which a name must contain, and the digits of a PESEL
    when the query is only digits (its beginning is enough)."""
    text = query.strip()
    digits = text.replace(" ", "")
    if digits.isdigit():
        return [], digits
    return [fold(word) for word in _WORDS.findall(text)], None
