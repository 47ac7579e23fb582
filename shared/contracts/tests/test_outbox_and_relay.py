"""The outbox and its relay against a real database (SQLite and PostgreSQL) and a real broker."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal

import pytest
from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy import Column, Integer, String, Table, func, insert, select

from partnership_shared.events import models as ev
from partnership_shared.events import parse_event, parse_stream_message
from partnership_shared.events.control import ChainCheckpoint
from partnership_shared.kernel.chain import body_hash
from partnership_shared.kernel.database import create_engine, new_metadata, session_factory
from partnership_shared.kernel.keys import ChainSigner, KeyRegistry, PartnerKey, SigningKey
from partnership_shared.kernel.outbox import Outbox, define_outbox, define_source_sequence
from partnership_shared.kernel.relay import OutboxRelay
from partnership_shared.kernel.streams import DATA_FIELD
from partnership_shared.kernel.types import ScaledDecimal
from partnership_shared.kernel.unit_of_work import UnitOfWork

pytestmark = pytest.mark.redis

metadata = new_metadata()
notes = Table(
    "notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("text", String(50)),
    Column("amount", ScaledDecimal(2)),
)
outbox_table = define_outbox(metadata)
sequence_table = define_source_sequence(metadata)
SOURCE = ev.Source(partner_id="ops", kind=ev.PartnerKind.OPS)
STREAM = "stream:ops"


class Node:
    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)
        self.sessions = session_factory(self.engine)
        self.outbox = Outbox(outbox_table, sequence_table, SOURCE, "bartoszyce")

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions, self.outbox)

    async def outbox_rows(self) -> list[tuple[int, str]]:
        async with self.sessions() as session:
            rows = await session.execute(
                select(outbox_table.c.seq, outbox_table.c.state).order_by(outbox_table.c.seq)
            )
            return [(row.seq, row.state) for row in rows]


@pytest.fixture
async def node(database_url: str) -> AsyncIterator[Node]:
    node = Node(database_url)
    async with node.engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    async with node.sessions.begin() as session:
        await node.outbox.ensure_source(session)
    yield node
    await node.engine.dispose()


def payment(amount: str) -> ev.BenefitPaidPayload:
    import uuid

    return ev.BenefitPaidPayload(
        payment_id=uuid.uuid4(),
        basis=ev.PaymentBasis.HOUSING_ALLOWANCE,
        amount=Decimal(amount),
        paid_on=date(2013, 3, 10),
    )


async def record(node: Node, text: str, amount: str) -> UnitOfWork:
    async with node.uow() as uow:
        await uow.session.execute(insert(notes).values(text=text, amount=Decimal(amount)))
        uow.announce(ev.BenefitPaid, payment(amount), client="c" * 64)
        await uow.commit()
    return uow


async def test_state_and_event_commit_together_with_consecutive_seqs(node: Node) -> None:
    first = await record(node, "one", "10.01")
    second = await record(node, "two", "20.02")
    assert [e.seq for e in first.published + second.published] == [1, 2]
    assert await node.outbox_rows() == [(1, "pending"), (2, "pending")]
    async with node.sessions() as session:
        amounts = (await session.scalars(select(notes.c.amount).order_by(notes.c.id))).all()
    assert amounts == [Decimal("10.01"), Decimal("20.02")]


async def test_without_commit_neither_state_nor_event_nor_seq_is_kept(node: Node) -> None:
    async with node.uow() as uow:
        await uow.session.execute(insert(notes).values(text="lost", amount=Decimal(1)))
        uow.announce(ev.BenefitPaid, payment("1.00"), client="c" * 64)
    async with node.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(notes)) == 0
    assert await node.outbox_rows() == []
    again = await record(node, "kept", "2.00")
    assert [e.seq for e in again.published] == [1], "a rolled-back transaction uses no seq"


async def test_concurrent_writers_get_unique_gapless_seqs(node: Node) -> None:
    await asyncio.gather(*(record(node, f"n{i}", "1.00") for i in range(20)))
    assert [seq for seq, _ in await node.outbox_rows()] == list(range(1, 21))


async def test_sums_of_money_stay_exact_in_the_database(node: Node) -> None:
    for _ in range(10):
        await record(node, "ten groszy", "0.10")
    async with node.sessions() as session:
        total = await session.scalar(select(func.sum(notes.c.amount)))
    assert total == Decimal("1.00")


async def test_relay_publishes_in_seq_order_and_marks_rows_published(
    node: Node, redis_url: str
) -> None:
    for i in range(5):
        await record(node, f"n{i}", f"{i + 1}.00")
    redis = Redis.from_url(redis_url)
    relay = OutboxRelay(node.sessions, outbox_table, redis, STREAM, batch_size=2)
    published = 0
    while (count := await relay.publish_pending()) > 0:
        published += count
    assert published == 5
    entries = await redis.xrange(STREAM)
    events = [parse_event(fields[DATA_FIELD.encode()]) for _id, fields in entries]
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert all(e.source == SOURCE for e in events)
    assert {state for _, state in await node.outbox_rows()} == {"published"}
    await redis.aclose()


async def test_a_broker_outage_loses_nothing(node: Node, redis_url: str) -> None:
    await record(node, "during outage", "5.00")
    unreachable = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    relay = OutboxRelay(node.sessions, outbox_table, unreachable, STREAM)
    with pytest.raises((OSError, RedisError)):
        await relay.publish_pending()
    assert await node.outbox_rows() == [(1, "pending")]
    async with node.sessions() as session:
        attempts = await session.scalar(select(outbox_table.c.attempts))
    assert attempts == 1
    redis = Redis.from_url(redis_url)
    assert await OutboxRelay(node.sessions, outbox_table, redis, STREAM).publish_pending() == 1
    assert await redis.xlen(STREAM) == 1
    await redis.aclose()
    await unreachable.aclose()


async def test_a_published_range_can_be_published_again(node: Node, redis_url: str) -> None:
    for i in range(4):
        await record(node, f"n{i}", "1.00")
    redis = Redis.from_url(redis_url)
    relay = OutboxRelay(node.sessions, outbox_table, redis, STREAM)
    await relay.publish_pending()
    await redis.delete(STREAM)  # the broker lost acknowledged writes
    assert await relay.republish(2, 3) == 2
    entries = await redis.xrange(STREAM)
    assert [parse_event(f[DATA_FIELD.encode()]).seq for _i, f in entries] == [2, 3]
    await redis.aclose()


async def test_a_partner_answers_a_replay_request_on_its_stream(node: Node, redis_url: str) -> None:
    from partnership_shared.kernel.replay import serve_replay_requests
    from partnership_shared.kernel.streams import replay_request_stream

    for i in range(5):
        await record(node, f"n{i}", "1.00")
    redis = Redis.from_url(redis_url)
    relay = OutboxRelay(node.sessions, outbox_table, redis, STREAM)
    await relay.publish_pending()
    await redis.delete(STREAM)  # acknowledged, then lost by the broker
    server = asyncio.create_task(serve_replay_requests(redis, relay, "ops"))
    await redis.xadd(
        replay_request_stream("ops"), {"from_seq": "2", "to_seq": "4", "requested_by": "test"}
    )
    for _ in range(100):
        if await redis.xlen(STREAM) >= 3:
            break
        await asyncio.sleep(0.05)
    server.cancel()
    entries = await redis.xrange(STREAM)
    assert [parse_event(f[DATA_FIELD.encode()]).seq for _i, f in entries] == [2, 3, 4]
    pending = await redis.xpending(replay_request_stream("ops"), "relay")
    assert pending["pending"] == 0, "the request is acknowledged once answered"
    await redis.aclose()


async def test_each_event_names_the_hash_of_the_one_before_across_transactions(
    node: Node,
) -> None:
    await asyncio.gather(*(record(node, f"n{i}", "1.00") for i in range(6)))
    async with node.sessions() as session:
        bodies = (await session.scalars(select(outbox_table.c.body).order_by("seq"))).all()
    events = [parse_event(body) for body in bodies]
    assert events[0].prev_hash is None
    for before, body, event in zip(bodies, bodies[1:], events[1:], strict=False):
        assert event.prev_hash == body_hash(before), f"seq {event.seq} does not chain"
        assert body  # the chain runs through the bodies exactly as stored and published


async def test_the_relay_signs_the_chain_after_every_batch_and_a_replay_is_byte_identical(
    node: Node, redis_url: str
) -> None:
    key = SigningKey.generate("ops")
    registry = KeyRegistry([PartnerKey(key.key_id, "ops", key.public_key)])
    for i in range(5):
        await record(node, f"n{i}", "1.00")
    redis = Redis.from_url(redis_url)
    signer = ChainSigner(key, "bartoszyce", every=2)
    relay = OutboxRelay(node.sessions, outbox_table, redis, STREAM, batch_size=3, signer=signer)
    while await relay.publish_pending():
        pass
    messages = [
        parse_stream_message(f[DATA_FIELD.encode()]) for _i, f in await redis.xrange(STREAM)
    ]
    shape = [m.seq if isinstance(m, ev.EventBase) else f"cp{m.seq}" for m in messages]
    assert shape == [1, 2, "cp2", 3, "cp3", 4, 5, "cp5"]
    entries = await redis.xrange(STREAM)
    bodies = {
        m.seq: f
        for m, (_i, f) in zip(messages, entries, strict=True)
        if isinstance(m, ev.EventBase)
    }
    for message in messages:
        if isinstance(message, ChainCheckpoint):
            assert registry.refusal(message) is None
            assert message.head == body_hash(bodies[message.seq][DATA_FIELD.encode()])
    first = [f[DATA_FIELD.encode()] for _i, f in await redis.xrange(STREAM)]
    await redis.delete(STREAM)
    await relay.republish(2, 4)
    again = [parse_stream_message(f[DATA_FIELD.encode()]) for _i, f in await redis.xrange(STREAM)]
    assert [m.seq if isinstance(m, ev.EventBase) else f"cp{m.seq}" for m in again] == [
        2,
        3,
        "cp3",
        4,
        "cp4",
    ]
    republished = [f[DATA_FIELD.encode()] for _i, f in await redis.xrange(STREAM)]
    assert [republished[0], republished[1], republished[3]] == [first[1], first[3], first[5]]
    await redis.aclose()
