"""Searching the register as staff type: without Polish letters, in capitals, by part of a name or
the beginning of a PESEL, on SQLite and PostgreSQL; clients registered before the folded column
existed are found too."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import Date, DateTime, column, insert, select, table

from partnership_partner.adapters import schema as db
from partnership_partner.bootstrap import MIGRATIONS
from partnership_shared.kernel.database import create_engine
from partnership_shared.kernel.migrations import alembic_config, upgrade_to_head

pytestmark = pytest.mark.redis

PEOPLE = [
    {"pesel": "80021710661", "first_name": "Halina", "last_name": "Dąbrowska"},
    {"pesel": "66110810559", "first_name": "Grażyna", "last_name": "Woźniak"},
    {"pesel": "69050510871", "first_name": "Jerzy", "last_name": "Jankowski"},
]


def found(node: TestClient, query: str) -> list[str]:
    answer = node.get("/api/v1/clients", params={"q": query})
    assert answer.status_code == 200, answer.text
    return [client["last_name"] for client in answer.json()["items"]]


def test_names_are_found_typed_without_polish_letters(pup: TestClient) -> None:
    for person in PEOPLE:
        assert pup.post("/api/v1/clients", json=person).status_code == 201
    assert found(pup, "dabrowska") == ["Dąbrowska"]
    assert found(pup, "DĄBROWSKA") == ["Dąbrowska"]
    assert found(pup, "grazyna") == ["Woźniak"]
    assert found(pup, "wozn gra") == ["Woźniak"]
    assert found(pup, "OWSK") == ["Dąbrowska", "Jankowski"]
    assert found(pup, "800217") == ["Dąbrowska"]
    assert found(pup, "17106") == []  # a PESEL is found by its beginning only
    assert found(pup, "%") == []  # typed characters are text, not patterns


async def test_clients_registered_before_the_search_column_are_found(database_url: str) -> None:
    config = alembic_config(database_url, MIGRATIONS)
    await asyncio.to_thread(command.upgrade, config, "0004")
    old_clients = table(
        "clients",
        *(column(name) for name in ("id", "pesel", "pseudonym", "first_name", "last_name")),
        *(column(name) for name in ("gender", "disability_degree")),
        column("birth_date", Date),
        column("registered_at", DateTime(timezone=True)),
    )
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                insert(old_clients).values(
                    id="c1",
                    pesel="80021710661",
                    pseudonym="p" * 64,
                    first_name="Halina",
                    last_name="Dąbrowska",
                    gender="female",
                    birth_date=date(1980, 2, 17),
                    disability_degree="light",
                    registered_at=datetime(2013, 1, 28, tzinfo=UTC),
                )
            )
        await asyncio.to_thread(upgrade_to_head, database_url, MIGRATIONS)
        async with engine.connect() as connection:
            kept = await connection.scalar(select(db.clients.c.search_name))
    finally:
        await engine.dispose()
    assert kept == "dabrowska halina"
