"""What tests of the partner core and of the partner services share: profiles, people, steps."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Any

import redis
from chain_helpers import PSEUDONYM_SECRET, session_keys
from fastapi.testclient import TestClient

from partnership_partner.bootstrap import PartnerExtension, PartnerSettings
from partnership_partner.domain.scope import PartnerProfile
from partnership_partner.entrypoints.app import create_partner_app
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.context import NodeContext
from partnership_partner.service_layer.handlers import clients, programmes
from partnership_partner.testing import FakeUnitOfWork
from partnership_shared.access.service import AccessError, AccessService
from partnership_shared.events import parse_stream_message
from partnership_shared.events.models import EventBase
from partnership_shared.events.vocabulary import (
    ActivityKind,
    ContractKind,
    PartnerKind,
    PaymentBasis,
)

OPS = PartnerProfile(
    kind=PartnerKind.OPS,
    title="Miejski Ośrodek Pomocy Społecznej",
    activity_kinds=frozenset({ActivityKind.KIS, ActivityKind.PAL, ActivityKind.PSU}),
    payment_bases=frozenset({PaymentBasis.SOCIAL_ASSISTANCE, PaymentBasis.HOUSING_ALLOWANCE}),
    contract_kinds=frozenset(
        {ContractKind.SOCIAL_CONTRACT, ContractKind.TRIPARTITE_FAMILY_CONTRACT}
    ),
)

ANNA = {"pesel": "68041210123", "first_name": "Anna", "last_name": "Wiśniewska"}
JERZY = {"pesel": "69050510871", "first_name": "Jerzy", "last_name": "Jankowski"}


async def run(uow: FakeUnitOfWork, handler: Any, *args: Any) -> Any:
    """One request: the handler in a unit of work, committed as the API does."""
    async with uow:
        result = await handler(uow, *args)
        await uow.commit()
    return result


async def programme(uow: FakeUnitOfWork, ctx: NodeContext, **terms: Any) -> str:
    command = cmd.DefineProgramme(
        **{
            "code": "POKL.07.01.01-28-001/13",
            "name": "Twoja Szansa",
            "starts_on": date(2013, 1, 15),
            "ends_on": date(2013, 12, 31),
            "funding": {
                "total": Decimal("349773.80"),
                "co_financing": Decimal("310503.80"),
                "own_contribution": Decimal("39270.00"),
            },
            **terms,
        }
    )
    return str((await run(uow, programmes.define_programme, ctx, command)).id)


async def enrolled(
    uow: FakeUnitOfWork, ctx: NodeContext, person: dict[str, str] = ANNA, on: str = "2013-02-01"
) -> str:
    client = await run(uow, clients.register_client, ctx, cmd.RegisterClient(**person))
    found = await uow.programmes.find()
    programme_id = found[0].id if found else await programme(uow, ctx)
    await run(
        uow,
        clients.enrol_client,
        ctx,
        client.id,
        cmd.EnrolClient(programme_id=programme_id, enrolled_on=on, consent_ref="Z/1"),
    )
    return str(client.id)


# --- a running node ------------------------------------------------------------------------------

PUP_LIKE = PartnerProfile(
    kind=PartnerKind.PUP,
    title="Powiatowy Urząd Pracy",
    activity_kinds=frozenset(
        {
            ActivityKind.INTERNSHIP,
            ActivityKind.TRAINING,
            ActivityKind.PSU,
            ActivityKind.MEDICAL_EXAM,
        }
    ),
    payment_bases=frozenset(
        {
            PaymentBasis.INTERNSHIP_STIPEND,
            PaymentBasis.TRAINING_STIPEND,
            PaymentBasis.TRAINING_COST,
            PaymentBasis.MEDICAL_EXAM_COST,
            PaymentBasis.OTHER,
        }
    ),
    contract_kinds=frozenset({ContractKind.TRIPARTITE_FAMILY_CONTRACT}),
)

SECRET = PSEUDONYM_SECRET


def node_settings(
    database_url: str, redis_url: str, partner_id: str, **more: Any
) -> PartnerSettings:
    return PartnerSettings(
        partner_id=partner_id,
        database_url=database_url,
        redis_url=redis_url,
        partnership_id="bartoszyce",
        partnership_secret=SECRET,
        partnership_starts_on=date(2013, 1, 15),
        signing_key_file=session_keys().key_file(partner_id),
        **more,
    )


@contextmanager
def running_node(
    extension: PartnerExtension,
    database_url: str,
    redis_url: str,
    partner_id: str,
    lang: str = "en",
    role: str | None = "caseworker",
    **settings: Any,
) -> Iterator[TestClient]:
    """A partner node's real app on a real database and broker; answers in `lang`.

    The client signs in as an account of `role` (a caseworker by default: it reads and writes
    clients and records) through a bearer token; `role=None` leaves it anonymous."""
    chosen = node_settings(database_url, redis_url, partner_id, **settings)
    app = create_partner_app(extension, lambda: chosen)
    with TestClient(
        app, base_url=f"http://{partner_id}", headers={"Accept-Language": lang}
    ) as client:
        if role is not None:
            client.headers.update(signed_in(client, role))
        yield client


async def issue_token(access: AccessService, role: str, username: str | None = None) -> str:
    """A bearer token of an account of `role` (`test-<role>` unless named; made if missing)."""
    name = username or f"test-{role}"
    try:
        await access.add_account(name, role)
    except AccessError as error:
        if error.code != "account.exists":
            raise
    return (await access.issue(name)).token


def staff_token(client: TestClient, role: str, username: str | None = None) -> str:
    """A bearer token of an account of `role` on the node behind `client` (made if missing)."""
    access: AccessService = client.app.state.access  # type: ignore[attr-defined]
    assert client.portal is not None, "the node is not running"
    return client.portal.call(issue_token, access, role, username)


def signed_in(client: TestClient, role: str, username: str | None = None) -> dict[str, str]:
    """Headers that make a request as an account of `role` on the node behind `client`."""
    return {"Authorization": f"Bearer {staff_token(client, role, username)}"}


PROGRAMME = {
    "code": "BPnRZ/2013",
    "name": "Bartoszyckie Partnerstwo na rzecz integracji społeczno-zawodowej",
    "starts_on": "2013-01-15",
    "ends_on": "2013-12-31",
    "funding": {"total": "120000.00", "co_financing": "102000.00", "own_contribution": "18000.00"},
}


def http_programme(node: TestClient, **terms: Any) -> str:
    response = node.post("/api/v1/programmes", json={**PROGRAMME, **terms})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def http_enrolled(
    node: TestClient, programme_id: str, person: dict[str, Any], on: str = "2013-01-28"
) -> str:
    client = node.post("/api/v1/clients", json=person)
    assert client.status_code == 201, client.text
    client_id = str(client.json()["id"])
    enrolled = node.post(
        f"/api/v1/clients/{client_id}/enrolment",
        json={"programme_id": programme_id, "enrolled_on": on, "consent_ref": "ZGODA/1/2013"},
    )
    assert enrolled.status_code == 201, enrolled.text
    return client_id


def published(redis_url: str, stream: str, count: int, timeout: float = 5.0) -> list[EventBase]:
    """The events on `stream` (checkpoints left out), once the relay has published `count` of
    them (or the time is up)."""
    client = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + timeout
    while True:
        events = [
            message
            for _id, fields in client.xrange(stream)
            if isinstance(message := parse_stream_message(fields[b"__data__"]), EventBase)
        ]
        if len(events) >= count or time.monotonic() > deadline:
            return events
        time.sleep(0.05)
