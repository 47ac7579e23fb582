"""What routes take from a request: the running node, paging, an idempotency key, the actor."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Header, Query, Request
from pydantic import BaseModel

from partnership_partner.adapters.repositories import SqlRepository
from partnership_partner.adapters.unit_of_work import SqlUnitOfWork
from partnership_partner.bootstrap import PartnerNode
from partnership_partner.entrypoints.views import PageOut
from partnership_partner.service_layer.context import NodeContext

V = TypeVar("V", bound=BaseModel)


def get_node(request: Request) -> PartnerNode:
    node: PartnerNode = request.app.state.node
    return node


NodeDep = Annotated[PartnerNode, Depends(get_node)]


def acting_context(request: Request) -> NodeContext:
    """The node's context with the person making the request as the actor."""
    node = get_node(request)
    principal = getattr(request.state, "principal", None)
    return node.context.acting(principal.username) if principal else node.context


ContextDep = Annotated[NodeContext, Depends(acting_context)]

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=200,
        description="Repeat a write safely: the same key returns the first answer",
    ),
]


@dataclass(frozen=True)
class Page:
    """Which slice of a list to return."""

    limit: int
    offset: int


def page_params(
    limit: Annotated[int, Query(ge=1, le=500, description="At most this many items")] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Skip this many items")] = 0,
) -> Page:
    return Page(limit, offset)


PageDep = Annotated[Page, Depends(page_params)]


async def listing(
    node: PartnerNode,
    repository: Callable[[SqlUnitOfWork], SqlRepository[Any]],
    view: type[V],
    page: Page,
    *conditions: Any,
    order_by: Sequence[Any],
) -> PageOut[V]:
    """One page of records of one kind, as `PageOut` of `view`."""
    async with node.unit_of_work() as uow:
        total, items = await repository(uow).page(
            *conditions, order_by=order_by, limit=page.limit, offset=page.offset
        )
    return PageOut[view](  # type: ignore[valid-type]  # a class given at run time
        total=total,
        limit=page.limit,
        offset=page.offset,
        items=[view.model_validate(item) for item in items],
    )
