"""What a partner service (and later the coordination module) adds to the staff's pages.

* `routers`: its own pages (forms for its own records), served behind the node's login like the
  common ones;
* `client_actions`: links on the client card's "Record" menu (`{client_id}` in the path);
* `card_sections`: parts of the client card, each placed in a `slot` of the card's layout:
  `warnings` (duplication warnings, data conflicts) and `plan`, `referrals`, `timeline` are where
  the coordination module's sections go, `records` and `service` where the records are;
* `attention`: items of "My day" (clients to see, records to check, overdue work);
* `words`: its pages' words, `(Polish, English)` by key.

A section or an item says what it shows and which clients it names: the page enters them in the
audit log before it leaves.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from fastapi import APIRouter

if TYPE_CHECKING:
    from partnership_partner.adapters.unit_of_work import SqlUnitOfWork
    from partnership_partner.domain.model import Client
    from partnership_partner.entrypoints.web.page import View

Slot = Literal["warnings", "plan", "referrals", "records", "service", "timeline"]
SLOTS: tuple[Slot, ...] = ("warnings", "plan", "referrals", "records", "service", "timeline")


@dataclass(frozen=True)
class Cell:
    """A value in a table: its text, a link, and whether it is a number (aligned right)."""

    text: str
    href: str | None = None
    numeric: bool = False
    note: str | None = None
    """A short remark shown under the value (withdrawn, confirmed beyond a limit…)."""


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class Section:
    """A part of the client card (or of a page): a title, a table, what to say when it is empty,
    and links to act on it."""

    ident: str
    title: str
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()
    empty: str = ""
    actions: tuple[Link, ...] = ()
    slot: Slot = "records"
    clients: tuple[str, ...] = ()
    """Clients (ids) the section names, besides the card's own: entered in the audit log."""


@dataclass(frozen=True)
class AttentionItem:
    """Something that needs the caseworker's attention, most urgent first by `rank`."""

    kind: str
    text: str
    href: str
    rank: int = 50
    when: str = ""
    clients: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClientAction:
    """A link on the client card's "Record" menu; `path` may hold `{client_id}`."""

    label: tuple[str, str]
    path: str


CardSection = Callable[["View", "SqlUnitOfWork", "Client"], Awaitable[Section | None]]
Attention = Callable[["View", "SqlUnitOfWork"], Awaitable[list[AttentionItem]]]


@dataclass(frozen=True)
class Workspace:
    routers: Sequence[APIRouter] = ()
    client_actions: Sequence[ClientAction] = ()
    card_sections: Sequence[CardSection] = ()
    attention: Sequence[Attention] = ()
    words: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    def joined(self, other: Workspace) -> Workspace:
        """This workspace with `other`'s additions after its own."""
        return Workspace(
            routers=[*self.routers, *other.routers],
            client_actions=[*self.client_actions, *other.client_actions],
            card_sections=[*self.card_sections, *other.card_sections],
            attention=[*self.attention, *other.attention],
            words={**self.words, **other.words},
        )
