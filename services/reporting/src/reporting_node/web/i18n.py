"""The dashboard's two languages: Polish (default) and English.

`Translator` gives the interface's words (`t`), the vocabulary's labels (`label`) and the figures'
formatting (`fmt`) for one language. The language comes from `?lang=` and is remembered in a cookie.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reporting_node.web.formatting import LANGS, Formatter, Lang
from reporting_node.web.labels import VOCABULARIES
from reporting_node.web.messages import MESSAGES

LANG_COOKIE = "lang"


def pick_lang(query: str | None, cookie: str | None) -> Lang:
    """The URL's choice first, then the remembered one, else Polish."""
    for candidate in (query, cookie):
        if candidate in LANGS:
            return "en" if candidate == "en" else "pl"
    return "pl"


@dataclass(frozen=True)
class Translator:
    lang: Lang = "pl"
    fmt: Formatter = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fmt", Formatter(self.lang))

    @property
    def index(self) -> int:
        return LANGS.index(self.lang)

    def t(self, key: str, **values: object) -> str:
        """The interface text under `key`, with `{name}` placeholders filled in."""
        words = MESSAGES.get(key)
        text = words[self.index] if words else key
        return text.format(**values) if values else text

    def label(self, vocabulary: str, ident: str) -> str:
        """The label of a vocabulary id (`role`, `vocational_counsellor` → `doradca zawodowy`)."""
        words = VOCABULARIES.get(vocabulary, {}).get(ident)
        return words[self.index] if words else ident.replace("_", " ")
