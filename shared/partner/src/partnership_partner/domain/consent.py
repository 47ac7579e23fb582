"""The client's consent and the GDPR lifecycle of their personal data in this node.

A consent says on what legal basis (art. 6 and 9 GDPR) the node holds the client's data, for which
scope (processing here; sharing within the partnership), since when and under which signed
document. Enrolment needs one that covers sharing: enrolling is what makes the partnership learn of
the client (pseudonymous events); registration does not, since the institution keeps its register
of the people it serves under its own statutory tasks and nothing of it leaves the node.

Withdrawal stops everything the node would announce about the client; erasure removes their
personal data and leaves the pseudonymous facts. Both are final: a client whose consent was
withdrawn is not enrolled again in this node (a new consent is a new enrolment elsewhere).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from partnership_partner.domain.errors import Conflict, Rejected


class ConsentScope(StrEnum):
    PROCESSING = "processing"
    """Processing of the client's data in this node."""
    SHARING = "sharing"
    """Sharing within the partnership: pseudonymous facts announced to the other partners."""


class LegalBasis(StrEnum):
    """Why the node may hold the data: art. 6(1) GDPR, and art. 9(2) for disability (health)."""

    CONSENT = "consent"
    """Art. 6(1)(a) and 9(2)(a): the client's explicit consent, which they may withdraw."""
    LEGAL_OBLIGATION = "legal_obligation"
    """Art. 6(1)(c) and 9(2)(b): a duty under labour-market or social-assistance law."""
    PUBLIC_TASK = "public_task"
    """Art. 6(1)(e) and 9(2)(g): a task in the public interest the institution carries out."""
    VITAL_INTERESTS = "vital_interests"
    """Art. 6(1)(d) and 9(2)(c): protecting the client's life or health."""


@dataclass
class Consent:
    """The consent standing for a client (the latest recorded)."""

    client_id: str
    given_on: date
    scope: frozenset[ConsentScope]
    legal_basis: LegalBasis
    document_ref: str
    withdrawn_on: date | None = None
    withdrawal_event_id: str | None = None

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_on is not None


def check_enrolment_consent(consent: Consent | None, client_id: str, on: date) -> None:
    """Enrolment on `on` needs a consent to sharing given by then and not withdrawn."""
    if consent is None:
        raise Rejected("consent", "consent.missing", client_id=client_id)
    if consent.withdrawn_on is not None:
        raise Conflict("client_id", "consent.withdrawn", withdrawn_date=consent.withdrawn_on)
    if ConsentScope.SHARING not in consent.scope:
        raise Rejected("consent.scope", "consent.no_sharing")
    if consent.given_on > on:
        raise Rejected(
            "consent.given_on", "consent.after_enrolment", given_date=consent.given_on, on_date=on
        )


def check_withdrawal(consent: Consent | None, client_id: str, on: date) -> Consent:
    if consent is None:
        raise Conflict("client_id", "consent.missing", client_id=client_id)
    if consent.withdrawn_on is not None:
        raise Conflict(
            "client_id", "consent.already_withdrawn", withdrawn_date=consent.withdrawn_on
        )
    if on < consent.given_on:
        raise Rejected(
            "withdrawn_on", "consent.withdrawn_before_given", given_date=consent.given_on
        )
    return consent


@dataclass(frozen=True)
class Silenced:
    """A client the node announces nothing more about, and since when."""

    client_id: str
    withdrawn_on: date | None
    erased_on: date | None


def check_announceable(silenced: Iterable[Silenced]) -> None:
    """Refuse (409) a transaction that would announce anything about a silenced client."""
    for client in silenced:
        if client.erased_on is not None:
            raise Conflict("client_id", "client.erased", erased_date=client.erased_on)
        if client.withdrawn_on is not None:
            raise Conflict("client_id", "consent.withdrawn", withdrawn_date=client.withdrawn_on)


def past_retention(exits: Mapping[str, date], today: date, retention_days: int) -> list[str]:
    """The clients (by id) who left more than `retention_days` before `today`."""
    limit = today - timedelta(days=retention_days)
    return sorted(client_id for client_id, left in exits.items() if left < limit)


FREE_TEXT_CHANGES = frozenset({"employer_name", "note", "consent_ref", "description"})
"""Corrected fields whose old and new values staff typed: erased with the client."""
