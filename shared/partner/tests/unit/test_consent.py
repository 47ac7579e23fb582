"""Consent, withdrawal, erasure and retention in the unit tier (in-memory unit of work)."""

from __future__ import annotations

from datetime import date

import pytest
from partner_fixtures import ANNA, JERZY, enrolled, run

from partnership_partner.domain.consent import ConsentScope, LegalBasis
from partnership_partner.domain.errors import Conflict, Rejected
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.context import NodeContext
from partnership_partner.service_layer.handlers import clients, consent, records
from partnership_partner.testing import FakeUnitOfWork


def session(client_ids: list[str], note: str | None = None) -> cmd.RecordService:
    return cmd.RecordService.model_validate(
        {
            "client_ids": client_ids,
            "role": "social_worker",
            "mode": "group" if len(client_ids) > 1 else "individual",
            "hours": "1",
            "delivered_on": "2013-03-04",
            "note": note,
        }
    )


async def test_an_enrolment_records_the_consent_it_rests_on(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    standing = uow.consents.rows[anna]
    assert standing.given_on == date(2013, 2, 1)
    assert standing.scope == {ConsentScope.PROCESSING, ConsentScope.SHARING}
    assert standing.legal_basis is LegalBasis.CONSENT
    assert standing.document_ref == "Z/1"


async def test_an_enrolment_needs_consent_to_sharing(uow: FakeUnitOfWork, ctx: NodeContext) -> None:
    await enrolled(uow, ctx)  # a programme to enrol in
    jerzy = await run(uow, clients.register_client, ctx, cmd.RegisterClient(**JERZY))
    programme = (await uow.programmes.find())[0].id
    only_here = cmd.EnrolClient.model_validate(
        {
            "programme_id": programme,
            "enrolled_on": "2013-02-01",
            "consent_ref": "Z/2",
            "consent": {"scope": ["processing"]},
        }
    )
    with pytest.raises(Rejected) as refused:
        await run(uow, clients.enrol_client, ctx, jerzy.id, only_here)
    assert refused.value.field == "consent.scope"
    assert uow.events("ClientEnrolled") == [uow.events("ClientEnrolled")[0]]  # Anna's only


async def test_after_a_withdrawal_nothing_names_the_client(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    jerzy = await enrolled(uow, ctx, JERZY)
    withdrawal = cmd.WithdrawConsent(withdrawn_on=date(2013, 3, 1))
    await run(uow, consent.withdraw_consent, ctx, anna, withdrawal)
    assert uow.events()[-1].type == "ConsentWithdrawn"
    published = len(uow.published)
    for attendees in ([anna], [jerzy, anna]):
        with pytest.raises(Conflict) as refused:
            await run(uow, records.record_service, ctx, session(attendees))
        assert refused.value.code == "consent.withdrawn"
    assert len(uow.published) == published
    await run(uow, records.record_service, ctx, session([jerzy]))
    assert len(uow.published) == published + 1


async def test_erasure_leaves_the_pseudonymous_facts_and_nothing_personal(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    given = await run(uow, records.record_service, ctx, session([anna], note="Anna, tel. 600"))
    erased = await run(uow, consent.erase_client, ctx, anna)
    assert (erased.pesel, erased.first_name, erased.last_name, erased.birth_date) == (None,) * 4
    assert erased.pseudonym
    assert erased.gender.value == "female"
    assert (await uow.services.get(given.id)).note is None  # type: ignore[union-attr]
    assert uow.events()[-1].type == "ClientErased"
    with pytest.raises(Conflict):
        await run(uow, consent.erase_client, ctx, anna)
    with pytest.raises(Conflict) as again:
        await run(uow, clients.register_client, ctx, cmd.RegisterClient(**ANNA))
    assert again.value.code == "client.pesel_erased"


async def test_retention_finds_those_who_left_long_enough_ago(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    await enrolled(uow, ctx, JERZY)
    leaving = cmd.ExitClient.model_validate({"reason": "completed", "exited_on": "2013-06-28"})
    await run(uow, clients.exit_client, ctx, anna, leaving)
    async with uow:
        assert await consent.clients_past_retention(uow, ctx, 180) == [anna]  # today: 31.12.2013
        assert await consent.clients_past_retention(uow, ctx, 365) == []
