"""Programmes with budgets and editions, families as units, and their contracts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from partner_fixtures import ANNA, JERZY, enrolled, programme, run

from partnership_partner.domain.errors import Conflict, NotFound, Rejected
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.context import NodeContext
from partnership_partner.service_layer.handlers import clients, families, programmes, records
from partnership_partner.testing import FakeUnitOfWork
from partnership_shared.kernel.pseudonym import family_pseudonym_for, pseudonym_for

BARBARA = {"pesel": "75090310247", "first_name": "Barbara", "last_name": "Kowalczyk"}


async def test_a_budget_that_does_not_add_up_is_refused_naming_the_field(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    with pytest.raises(Rejected) as refused:
        await programme(
            uow,
            ctx,
            funding={
                "total": "349773.80",
                "co_financing": "310503.80",
                "own_contribution": "39270.01",
            },
        )
    assert (refused.value.field, refused.value.code) == ("funding.total", "programme.funding_sum")
    assert refused.value.params["sum_money"] == Decimal("349773.81")
    assert uow.programmes.rows == {}
    assert uow.published == []


async def test_a_programme_is_announced_with_its_budget_and_its_code_is_unique(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    await programme(uow, ctx)
    (defined,) = uow.events("ProgrammeDefined")
    funding = defined.payload.funding  # type: ignore[attr-defined]
    assert (funding.total, funding.co_financing, funding.own_contribution) == (
        Decimal("349773.80"),
        Decimal("310503.80"),
        Decimal("39270.00"),
    )
    with pytest.raises(Conflict) as taken:
        await programme(uow, ctx, name="Druga")
    assert taken.value.field == "code"


async def test_an_edition_lies_within_its_programme_and_is_run_by_this_partner(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    programme_id = await programme(uow, ctx)
    outside = cmd.ScheduleEdition(
        kind="kis", label="I", starts_on=date(2013, 7, 1), ends_on=date(2014, 1, 31), capacity=14
    )
    with pytest.raises(Rejected) as refused:
        await run(uow, programmes.schedule_edition, ctx, programme_id, outside)
    assert refused.value.field == "ends_on"
    not_ours = outside.model_copy(update={"kind": "internship", "ends_on": date(2013, 8, 31)})
    with pytest.raises(Rejected) as refused:
        await run(uow, programmes.schedule_edition, ctx, programme_id, not_ours)
    assert refused.value.field == "kind"
    first = outside.model_copy(update={"ends_on": date(2013, 8, 31), "capacity": 1})
    edition = await run(uow, programmes.schedule_edition, ctx, programme_id, first)
    assert uow.events("EditionScheduled")[0].payload.provider == "ops"  # type: ignore[attr-defined]

    anna, jerzy = await enrolled(uow, ctx, ANNA), await enrolled(uow, ctx, JERZY)
    joins = cmd.StartActivity(kind="kis", started_on=date(2013, 7, 1), edition_id=edition.id)
    kis = await run(uow, records.start_activity, ctx, anna, joins)
    assert kis.programme_id == programme_id
    with pytest.raises(Conflict) as full:
        await run(uow, records.start_activity, ctx, jerzy, joins)
    assert full.value.code == "edition.full"


async def test_only_the_partner_that_defined_a_programme_amends_it(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    programme_id = await programme(uow, ctx)
    other = ctx.__class__(
        **{
            **ctx.__dict__,
            "scope": ctx.scope.__class__(**{**ctx.scope.__dict__, "partner_id": "pup"}),
        }
    )
    with pytest.raises(Conflict) as refused:
        await run(
            uow, programmes.amend_programme, other, programme_id, cmd.AmendProgramme(name="Nowa")
        )
    assert refused.value.code == "programme.not_owner"
    amended = await run(
        uow,
        programmes.amend_programme,
        ctx,
        programme_id,
        cmd.AmendProgramme(ends_on=date(2014, 6, 30)),
    )
    assert amended.ends_on == date(2014, 6, 30)
    assert len(uow.events("ProgrammeDefined")) == 2


async def family_of_three(uow: FakeUnitOfWork, ctx: NodeContext) -> tuple[str, list[str]]:
    programme_id = await programme(uow, ctx)
    members = [
        (await run(uow, clients.register_client, ctx, cmd.RegisterClient(**person))).id
        for person in (ANNA, JERZY, BARBARA)
    ]
    family = await run(
        uow,
        families.enrol_family,
        ctx,
        cmd.EnrolFamily(
            head_client_id=members[0],
            member_ids=members,
            programme_id=programme_id,
            enrolled_on=date(2013, 11, 4),
            consent_ref="KR/1",
        ),
    )
    return str(family.id), [str(m) for m in members]


async def test_a_family_is_enrolled_with_its_members_under_one_pseudonym(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    _, members = await family_of_three(uow, ctx)
    (family,) = uow.events("FamilyEnrolled")
    expected = family_pseudonym_for(ANNA["pesel"], ctx.secret)
    assert family.payload.family == expected  # type: ignore[attr-defined]
    assert family.payload.members == tuple(  # type: ignore[attr-defined]
        pseudonym_for(p["pesel"], ctx.secret) for p in (ANNA, JERZY, BARBARA)
    )
    enrolled_events = uow.events("ClientEnrolled")
    assert [e.payload.family for e in enrolled_events] == [expected] * 3  # type: ignore[attr-defined]
    assert {e.payload.household_size for e in enrolled_events} == {3}  # type: ignore[attr-defined]
    kept = await uow.enrolments.many(members)
    assert all(kept[m].family_id for m in members)


async def test_a_family_member_must_be_a_client_of_this_node(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    programme_id = await programme(uow, ctx)
    anna = (await run(uow, clients.register_client, ctx, cmd.RegisterClient(**ANNA))).id
    stranger = "00000000-0000-4000-8000-000000000000"
    with pytest.raises(NotFound) as refused:
        await run(
            uow,
            families.enrol_family,
            ctx,
            cmd.EnrolFamily(
                head_client_id=anna,
                member_ids=[anna, stranger],
                programme_id=programme_id,
                enrolled_on=date(2013, 11, 4),
                consent_ref="KR/1",
            ),
        )
    assert refused.value.field == "member_ids"
    assert uow.enrolments.rows == {}
    assert uow.published[1:] == []


async def test_a_family_leaves_with_its_members_and_signs_a_tripartite_contract(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    family_id, members = await family_of_three(uow, ctx)
    no_family = cmd.SignContract(kind="tripartite_family_contract", signed_on=date(2013, 11, 20))
    with pytest.raises(Rejected) as refused:
        await run(uow, records.sign_contract, ctx, members[0], no_family)
    assert refused.value.field == "family_id"
    signed = await run(
        uow,
        records.sign_contract,
        ctx,
        members[0],
        no_family.model_copy(
            update={
                "family_id": family_id,
                "obligations": [
                    cmd.TermIn(party="pup", obligation="job_offers"),
                    cmd.TermIn(
                        party="family", obligation="school_attendance", description="Kacper, kl. 3"
                    ),
                ],
            }
        ),
    )
    assert signed.parties == ("family", "pup", "ops")
    (event,) = uow.events("ContractSigned")
    assert event.payload.family == family_pseudonym_for(ANNA["pesel"], ctx.secret)  # type: ignore[attr-defined]
    assert "Kacper" not in event.payload.model_dump_json()

    await run(
        uow,
        families.exit_family,
        ctx,
        family_id,
        cmd.ExitFamily(reason="completed", exited_on=date(2013, 12, 20)),
    )
    assert len(uow.events("ClientExited")) == 3
    assert uow.events("FamilyExited")[0].payload.reason == "completed"  # type: ignore[attr-defined]
