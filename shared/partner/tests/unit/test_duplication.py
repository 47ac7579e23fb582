"""Duplication warnings: a partner giving what another already gives the same client."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from coordination_fixtures import ANNA_PSEUDONYM, activity, arrive, from_partner, session
from partner_fixtures import enrolled

from partnership_partner.domain.overlaps import Engagement, overlap_id, overlaps
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.context import NodeContext
from partnership_partner.service_layer.handlers import duplication, plans, records
from partnership_partner.testing import FakeUnitOfWork
from partnership_shared.events import models as ev


async def record(
    uow: FakeUnitOfWork, ctx: NodeContext, client: str, role: str, on: str
) -> list[tuple[str, str, date]]:
    """Record a session as the API does; the warnings it answers with."""
    async with uow:
        service = await records.record_service(
            uow,
            ctx,
            cmd.RecordService.model_validate(
                {"client_ids": [client], "role": role, "hours": "1", "delivered_on": on}
            ),
        )
        found = await duplication.service_overlaps(uow, ctx, service)
        await uow.commit()
    return [(o.other, o.kind, o.since) for o in found]


async def test_a_second_partners_psychologist_is_warned_of_the_first_and_the_record_stands(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    await arrive(uow, ctx, session("psychologist", date(2013, 3, 1), partner="ngo"))
    assert await record(uow, ctx, anna, "psychologist", "2013-03-15") == [
        ("ngo", "psychologist", date(2013, 3, 15))
    ]
    assert len(uow.services.rows) == 1
    (found,) = uow.events("OverlapFound")
    assert isinstance(found.payload, ev.OverlapFoundPayload)
    assert found.client == ANNA_PSEUDONYM
    assert found.payload.partners == ("ngo", "ops")
    # The next session is warned of too, but the overlap is one: announced once.
    assert await record(uow, ctx, anna, "psychologist", "2013-03-22") != []
    assert len(uow.events("OverlapFound")) == 1
    timeline = await uow.timeline.of_client(ANNA_PSEUDONYM)
    assert [e.type for e in timeline].count("OverlapFound") == 1


async def test_sessions_a_month_apart_or_of_another_kind_are_no_duplication(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    await arrive(uow, ctx, session("psychologist", date(2013, 3, 1), partner="ngo"))
    assert await record(uow, ctx, anna, "psychologist", "2013-04-01") == []
    assert await record(uow, ctx, anna, "social_worker", "2013-03-02") == []
    assert uow.events("OverlapFound") == []


async def test_the_partner_with_the_earlier_record_learns_of_the_overlap_from_the_other(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    assert await record(uow, ctx, anna, "vocational_counsellor", "2013-03-01") == []
    later = session("vocational_counsellor", date(2013, 3, 20), partner="pup")
    await arrive(uow, ctx, later)
    assert uow.events("OverlapFound") == [], "the PUP, recording later, announces it"
    pups = ev.OverlapFoundPayload(
        overlap_id=uuid.UUID(overlap_id(ANNA_PSEUDONYM, "vocational_counsellor", ("ops", "pup"))),
        kind=ev.SpecialistRole.VOCATIONAL_COUNSELLOR,
        partners=("ops", "pup"),
        since=date(2013, 3, 20),
    )
    await arrive(uow, ctx, from_partner(ev.OverlapFound, pups, "pup"))
    timeline = await uow.timeline.of_client(ANNA_PSEUDONYM)
    assert [(e.type, e.partner) for e in timeline if e.type == "OverlapFound"] == [
        ("OverlapFound", "pup")
    ]


async def test_a_record_made_before_the_others_arrived_is_found_to_overlap_when_they_do(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    earlier = session("vocational_counsellor", date(2013, 3, 20), partner="pup")  # made first
    assert await record(uow, ctx, anna, "vocational_counsellor", "2013-03-01") == []
    await arrive(uow, ctx, earlier)  # it reaches this node only now
    (found,) = uow.events("OverlapFound")
    assert isinstance(found.payload, ev.OverlapFoundPayload)
    assert (found.payload.partners, found.payload.since) == (("ops", "pup"), date(2013, 3, 20))


async def test_a_plan_assigning_what_another_partner_already_gives_is_warned_of(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    await arrive(uow, ctx, session("vocational_counsellor", date(2013, 2, 25), partner="ngo"))
    async with uow:
        plan = await plans.agree_plan(
            uow,
            ctx,
            anna,
            cmd.AgreePlan.model_validate(
                {
                    "agreed_on": "2013-03-04",
                    "actions": [
                        {
                            "partner": "ngo",
                            "kind": "vocational_counsellor",
                            "target_on": "2013-05-31",
                        },
                        {
                            "partner": "pup",
                            "kind": "vocational_counsellor",
                            "target_on": "2013-04-30",
                        },
                        {"partner": "pup", "kind": "employment", "target_on": "2013-06-30"},
                    ],
                }
            ),
        )
        found = await duplication.plan_overlaps(uow, ctx, plan)
        await uow.commit()
    assert [(number, o.other, o.partners) for number, o in found] == [(2, "ngo", ("ngo", "pup"))]


async def test_two_partners_running_one_activity_at_once_overlap(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    await arrive(uow, ctx, activity("psu", date(2013, 3, 4), partner="pup"))
    async with uow:
        psu = await records.start_activity(
            uow, ctx, anna, cmd.StartActivity(kind=ev.ActivityKind.PSU, started_on=date(2013, 4, 2))
        )
        found = await duplication.activity_overlaps(uow, ctx, psu)
        await uow.commit()
    assert [(o.other, o.kind, o.since) for o in found] == [("pup", "psu", date(2013, 4, 2))]


@pytest.mark.parametrize(
    ("other", "meets"),
    [
        (Engagement("ngo", "psu", date(2013, 1, 1), date(2013, 2, 28)), None),
        (Engagement("ngo", "psu", date(2013, 1, 1), date(2013, 3, 1)), date(2013, 3, 1)),
        (Engagement("ngo", "psu", date(2013, 5, 1), None), date(2013, 5, 1)),
        (Engagement("ops", "psu", date(2013, 3, 1), None), None),  # the same partner
        (Engagement("ngo", "kis", date(2013, 3, 1), None), None),  # another kind
    ],
)
def test_periods_overlap_when_they_share_a_day(other: Engagement, meets: date | None) -> None:
    new = Engagement("ops", "psu", date(2013, 3, 1), date(2013, 3, 1) + timedelta(days=90))
    found = overlaps(ANNA_PSEUDONYM, new, [other])
    assert [o.since for o in found] == ([meets] if meets else [])
    if found:
        again = overlaps(ANNA_PSEUDONYM, other, [new])
        assert again[0].id == found[0].id, "either partner names the overlap the same"
