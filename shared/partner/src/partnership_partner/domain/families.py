"""Families enrolled as a unit: members are clients of this node, the signatory among them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from partnership_partner.domain.errors import Conflict, NotFound, Rejected
from partnership_partner.domain.model import Client, Enrolment


def check_members(
    head_id: str,
    member_ids: Sequence[str],
    clients: Mapping[str, Client],
    enrolments: Mapping[str, Enrolment],
    programme_id: str,
) -> None:
    """Every member is a client of this node, listed once, not enrolled in another programme."""
    if len(set(member_ids)) != len(member_ids):
        raise Rejected("member_ids", "family.member_twice")
    if head_id not in member_ids:
        raise Rejected("head_client_id", "family.head_not_member")
    for member_id in member_ids:
        if member_id not in clients:
            raise NotFound("member_ids", "client.unknown", ident=member_id)
    for member_id in member_ids:
        enrolment = enrolments.get(member_id)
        if enrolment is None or enrolment.withdrawn:
            continue
        if enrolment.family_id is not None:
            raise Conflict("member_ids", "family.member_in_family", client_id=member_id)
        if enrolment.programme_id != programme_id:
            raise Conflict("member_ids", "family.member_elsewhere", client_id=member_id)
