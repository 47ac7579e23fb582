"""Corrections, withdrawals and history of a kind of record: the same three routes for each.

(No `from __future__ import annotations` here: the routes are made per kind, and FastAPI reads
their annotations as objects.)
"""

from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Request, Response

from partnership_partner.entrypoints.deps import ContextDep, IdempotencyKey, NodeDep
from partnership_partner.entrypoints.errors import ERROR_RESPONSES
from partnership_partner.entrypoints.views import Changed, HistoryOut, change_out
from partnership_partner.entrypoints.writes import write
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.handlers import corrections
from partnership_partner.service_layer.handlers.common import found


def add_correction_routes(
    router: APIRouter,
    path: str,
    kind: str,
    correction: type[cmd.Correction],
    view: Callable[[Any], Any],
    out: type[Any],
    what: str,
) -> None:
    """`POST {path}/corrections`, `POST {path}/withdrawal`, `GET {path}/history`.

    `path` names the record's id as `{record_id}`; `view` turns the record into `out`.
    """
    RecordId = Annotated[UUID, Path(description=f"The {what}'s id")]
    field = corrections.KINDS[kind].field

    async def correct(
        record_id: RecordId,
        command: correction,  # type: ignore[valid-type]
        node: NodeDep,
        ctx: ContextDep,
        request: Request,
        key: IdempotencyKey = None,
    ) -> Response:
        async def action(uow: Any) -> Changed[Any]:
            record, change = await corrections.correct(uow, ctx, kind, record_id, command)
            return Changed[out](record=view(record), change=change_out(change))  # type: ignore[valid-type]

        return await write(node, key, request, action, status_code=200)

    async def withdraw(
        record_id: RecordId,
        command: cmd.Withdrawal,
        node: NodeDep,
        ctx: ContextDep,
        request: Request,
        key: IdempotencyKey = None,
    ) -> Response:
        async def action(uow: Any) -> Changed[Any]:
            record, change = await corrections.withdraw(uow, ctx, kind, record_id, command)
            return Changed[out](record=view(record), change=change_out(change))  # type: ignore[valid-type]

        return await write(node, key, request, action, status_code=200)

    async def history(record_id: RecordId, node: NodeDep) -> HistoryOut:
        async with node.unit_of_work() as uow:
            await found(corrections.KINDS[kind].repository(uow), record_id, field, kind)
            changes = await uow.changes.of_record(kind, str(record_id))
        return HistoryOut(
            record_kind=kind, record_id=str(record_id), changes=[change_out(c) for c in changes]
        )

    correct.__doc__ = (
        f"Correct the {what}: send only the fields that change and the reason. The record's "
        "history keeps what it said before; the partnership is told by a `RecordCorrected`."
    )
    withdraw.__doc__ = (
        f"Withdraw the {what}, made in error: it stays, marked, and counts nowhere "
        "(`RecordWithdrawn`)."
    )
    history.__doc__ = f"What the {what} said before each correction, who changed it, when, why."
    router.add_api_route(
        f"{path}/corrections",
        correct,
        methods=["POST"],
        response_model=Changed[out],  # type: ignore[valid-type]
        responses=ERROR_RESPONSES,
        summary=f"Correct a {what}",
    )
    router.add_api_route(
        f"{path}/withdrawal",
        withdraw,
        methods=["POST"],
        response_model=Changed[out],  # type: ignore[valid-type]
        responses=ERROR_RESPONSES,
        summary=f"Withdraw a {what}",
    )
    router.add_api_route(
        f"{path}/history",
        history,
        methods=["GET"],
        response_model=HistoryOut,
        responses=ERROR_RESPONSES,
        summary=f"History of a {what}",
    )
