"""What the handlers of every area look up the same way."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Protocol, TypeVar

from partnership_partner.domain import rules
from partnership_partner.domain.errors import NotFound
from partnership_partner.domain.model import Client, Enrolment
from partnership_partner.service_layer.unit_of_work import UnitOfWork

R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


class ById(Protocol[R_co]):
    async def get(self, record_id: str) -> R_co | None: ...


def new_id() -> str:
    return str(uuid.uuid4())


async def found(repository: ById[R], record_id: object, field: str, what: str) -> R:
    """The record with this id, or `NotFound` naming the field."""
    record = await repository.get(str(record_id))
    if record is None:
        raise NotFound(field, f"{what}.unknown", ident=str(record_id))
    return record


async def client_of(uow: UnitOfWork, client_id: object, field: str = "client_id") -> Client:
    return await found(uow.clients, client_id, field, "client")


async def enrolled_clients(
    uow: UnitOfWork, client_ids: Sequence[object], field: str, day: date, day_field: str
) -> list[tuple[Client, Enrolment]]:
    """The clients (one look-up each kind), all enrolled and not yet gone on `day`."""
    wanted = [str(client_id) for client_id in client_ids]
    clients = await uow.clients.many(wanted)
    enrolments = await uow.enrolments.many(wanted)
    result = []
    for client_id in wanted:
        client = clients.get(client_id)
        if client is None:
            raise NotFound(field, "client.unknown", ident=client_id)
        enrolment = enrolments.get(client_id)
        rules.check_enrolled(enrolment, client_id, field, day, day_field)
        assert enrolment is not None
        result.append((client, enrolment))
    return result


async def enrolled_client(
    uow: UnitOfWork, client_id: object, field: str, day: date, day_field: str
) -> tuple[Client, Enrolment]:
    (pair,) = await enrolled_clients(uow, [client_id], field, day, day_field)
    return pair
