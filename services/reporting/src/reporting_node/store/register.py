"""The partnership's register: programmes and editions as last announced, families' facts,
coordination's facts (plans, referrals, overlaps, conflicts).

These are few (a partnership has a handful of programmes, tens of editions, tens or hundreds of
families, hundreds of plans and referrals), so they are written as they come and read whole for
every question.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting_node.domain.coordination import CoordinationFact
from reporting_node.domain.families import FamilyFact
from reporting_node.domain.persons import ALL, CLIENTS_IN
from reporting_node.domain.programmes import Announcement, Edition, Programme, latest
from reporting_node.domain.summary import Register
from reporting_node.store.bulk import insert_many
from reporting_node.store.schema import (
    MONTH,
    coordination_fact,
    edition,
    family_fact,
    programme,
    programme_set,
    tally,
)
from reporting_node.store.sql import insert_for

FAMILY_FACT_INSERT = (
    "INSERT INTO family_fact (event_id, family, what, partner_kind, day, kind, members)"
)


async def write_family_facts(session: AsyncSession, facts: Sequence[FamilyFact]) -> None:
    rows = [(*fact[:-1], "\n".join(fact.members)) for fact in facts]
    await insert_many(session, FAMILY_FACT_INSERT, rows)


COORDINATION_FACT_INSERT = (
    "INSERT INTO coordination_fact (event_id, what, ref, client, partner, partner_kind, other,"
    " kind, day, seq, detail)"
)


async def write_coordination_facts(
    session: AsyncSession, facts: Sequence[CoordinationFact]
) -> None:
    await insert_many(session, COORDINATION_FACT_INSERT, facts, "ON CONFLICT DO NOTHING")


async def load_coordination_facts(session: AsyncSession) -> list[CoordinationFact]:
    columns = (coordination_fact.c[name] for name in CoordinationFact._fields)
    return [CoordinationFact._make(row) for row in await session.execute(select(*columns))]


async def record_announcements(session: AsyncSession, announced: Sequence[Announcement]) -> None:
    """Keep each programme's and edition's announcement that stands (the latest by source, seq)."""
    for table, kind in ((programme, Programme), (edition, Edition)):
        rows = [a._asdict() for a in latest(announced) if isinstance(a, kind)]
        if not rows:
            continue
        statement = insert_for(session, table)
        key = table.primary_key.columns.values()[0]
        newer = or_(
            statement.excluded.source_id > table.c.source_id,
            and_(
                statement.excluded.source_id == table.c.source_id,
                statement.excluded.seq > table.c.seq,
            ),
        )
        statement = statement.on_conflict_do_update(
            index_elements=[key],
            set_={c.name: statement.excluded[c.name] for c in table.columns if c is not key},
            where=newer,
        )
        await session.execute(statement, rows)


def family_fact_of(row: Any) -> FamilyFact:
    members = tuple(row.members.split("\n")) if row.members else ()
    return FamilyFact(
        row.event_id, row.family, row.what, row.partner_kind, row.day, row.kind, members
    )


async def load_family_facts(session: AsyncSession) -> list[FamilyFact]:
    return [family_fact_of(row) for row in await session.execute(select(family_fact))]


async def load_editions(session: AsyncSession) -> dict[str, Edition]:
    rows = await session.execute(select(*(edition.c[name] for name in Edition._fields)))
    return {row.edition_id: Edition._make(row) for row in rows}


async def load_programmes(session: AsyncSession) -> dict[str, Programme]:
    rows = await session.execute(select(*(programme.c[name] for name in Programme._fields)))
    return {row.programme_id: Programme._make(row) for row in rows}


async def load_register(session: AsyncSession) -> Register:
    """Everything the summary reads whole (a few small tables)."""
    sets = await session.execute(select(programme_set.c.id, programme_set.c.programmes))
    return Register(
        programmes=await load_programmes(session),
        editions=await load_editions(session),
        programme_sets={bucket: frozenset(names.split("\n")) for bucket, names in sets},
        families=await load_family_facts(session),
    )


async def enrolled_buckets(session: AsyncSession) -> list[int]:
    """The programme sets someone is enrolled under now (a set once used may be left empty)."""
    t = tally.c
    rows = await session.execute(
        select(t.bucket)
        .where(t.grain == MONTH, t.metric == CLIENTS_IN, t.scope == ALL)
        .group_by(t.bucket)
        .having(func.sum(t.n) != 0)
    )
    return [int(bucket) for (bucket,) in rows]
