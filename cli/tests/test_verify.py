"""`partnership verify` says whether a partner's stream, or the reporting event store, is one
unbroken signed chain, and where it breaks."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import redis
from chain_helpers import chained
from event_factories import service
from typer.testing import CliRunner

from partnership_cli.credentials import Credentials
from partnership_cli.main import app
from partnership_cli.verify import verify_event_store
from partnership_shared.events import encode_event
from partnership_shared.kernel.chain import body_hash
from partnership_shared.kernel.keys import SigningKey
from partnership_shared.kernel.migrations import upgrade_to_head
from reporting_node.ingest.batch import Entry, ingest_batch
from reporting_node.node import MIGRATIONS

runner = CliRunner()


def partnership(tmp_path: Path) -> Credentials:
    credentials = Credentials(tmp_path).ensure()
    (tmp_path / "partnership.json").write_text(
        json.dumps({"partnership_id": "bartoszyce", "starts_on": "2013-01-15"})
    )
    return credentials


@pytest.mark.redis
def test_a_stream_with_a_forged_event_breaks_where_the_forgery_is(
    tmp_path: Path, redis_url: str
) -> None:
    credentials = partnership(tmp_path)
    key = SigningKey.load(credentials.key_file("pup"), "pup")
    events = chained([service(seq=seq) for seq in (1, 2, 3)])
    broker = redis.Redis.from_url(redis_url)
    for event in events:
        body = encode_event(event)
        broker.xadd("stream:pup", {"__data__": body})
    checkpoint = key.sign("bartoszyce", 3, body_hash(encode_event(events[-1])))
    broker.xadd("stream:pup", {"__data__": checkpoint.model_dump_json()})
    whole = runner.invoke(
        app, ["verify", "--stream", "pup", "--data-dir", str(tmp_path), "--redis-url", redis_url]
    )
    assert whole.exit_code == 0, whole.output
    assert "pup: 3 events, chain whole and signed to seq 3" in whole.output

    forged = events[1].model_copy(update={"client": "f" * 64})
    broker.xadd("stream:pup", {"__data__": encode_event(forged)})
    broken = runner.invoke(
        app, ["verify", "--stream", "pup", "--data-dir", str(tmp_path), "--redis-url", redis_url]
    )
    assert broken.exit_code == 1
    assert "pup: 4 events, chain holds to seq 3; breaks:" in broken.output
    assert "not the event the partner signed: seq 2 of 'pup'" in broken.output


def test_the_event_store_check_names_the_first_seq_that_does_not_chain(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'reporting.db'}"
    asyncio.run(asyncio.to_thread(upgrade_to_head, url, MIGRATIONS))
    events = chained([service(seq=seq) for seq in (1, 2, 3, 4)])
    unchained = events[2].model_copy(update={"prev_hash": "0" * 64})
    bodies = [encode_event(e) for e in (events[0], events[1], unchained, events[3])]

    async def store() -> None:
        from partnership_shared.kernel.database import create_engine, session_factory

        engine = create_engine(url)
        entries = [Entry("stream:pup", f"{n}-0", body) for n, body in enumerate(bodies, 1)]
        await ingest_batch(session_factory(engine), entries, "bartoszyce")
        await engine.dispose()

    asyncio.run(store())
    [finding] = asyncio.run(verify_event_store(url))
    assert finding.verified_to == 2
    assert finding.problems[0].startswith("seq 3 does not chain to seq 2: it names 000000000000")
