"""The work done for clients: services, activities, employment, payments, contracts."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from partnership_partner.adapters import schema as db
from partnership_partner.domain.model import Service
from partnership_partner.entrypoints.coordination_views import overlap_out
from partnership_partner.entrypoints.deps import (
    ContextDep,
    IdempotencyKey,
    NodeDep,
    PageDep,
    listing,
)
from partnership_partner.entrypoints.errors import ERROR_RESPONSES, request_lang
from partnership_partner.entrypoints.routes.corrections import add_correction_routes
from partnership_partner.entrypoints.views import (
    ActivityOut,
    ContractOut,
    EmploymentOut,
    PageOut,
    PaymentOut,
    RetentionCheckOut,
    ServiceOut,
)
from partnership_partner.entrypoints.writes import write
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.handlers import duplication, records
from partnership_partner.service_layer.handlers.common import found
from partnership_shared.events.vocabulary import ActivityKind, PaymentBasis

router = APIRouter(prefix="/api/v1", responses=ERROR_RESPONSES)

ClientFilter = Annotated[UUID | None, Query(description="Only this client's records")]


def _of_client(table: Any, client_id: UUID | None) -> list[Any]:
    return [] if client_id is None else [table.c.client_id == str(client_id)]


# --- services ------------------------------------------------------------------------------------


@router.post("/services", status_code=201, response_model=ServiceOut, tags=["services"])
async def record_service(
    command: cmd.RecordService,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """Record hours of a specialist's service for one client or a group. Where another partner
    already gives a client this kind of service, the answer warns, naming the partner."""
    lang = request_lang(request)

    async def action(uow: Any) -> ServiceOut:
        service = await records.record_service(uow, ctx, command)
        out = ServiceOut.model_validate(service)
        overlaps = await duplication.service_overlaps(uow, ctx, service)
        out.warnings = [overlap_out(ctx, lang, overlap) for overlap in overlaps]
        return out

    return await write(node, key, request, action)


@router.get("/services", response_model=PageOut[ServiceOut], tags=["services"])
async def list_services(
    node: NodeDep,
    page: PageDep,
    client_id: ClientFilter = None,
    from_: Annotated[date | None, Query(alias="from")] = None,
    to: date | None = None,
) -> PageOut[ServiceOut]:
    conditions: list[Any] = []
    if client_id is not None:
        conditions.append(
            db.services.c.id.in_(
                db.service_clients.select()
                .with_only_columns(db.service_clients.c.service_id)
                .where(db.service_clients.c.client_id == str(client_id))
            )
        )
    if from_ is not None:
        conditions.append(db.services.c.delivered_on >= from_)
    if to is not None:
        conditions.append(db.services.c.delivered_on <= to)
    return await listing(
        node,
        lambda uow: uow.services,
        ServiceOut,
        page,
        *conditions,
        order_by=(db.services.c.delivered_on, db.services.c.id),
    )


@router.get("/services/{service_id}", response_model=ServiceOut, tags=["services"])
async def read_service(service_id: UUID, node: NodeDep) -> ServiceOut:
    async with node.unit_of_work() as uow:
        service: Service = await found(uow.services, service_id, "service_id", "service")
    return ServiceOut.model_validate(service)


add_correction_routes(
    router,
    "/services/{record_id}",
    "service",
    cmd.CorrectService,
    ServiceOut.model_validate,
    ServiceOut,
    "service",
)


# --- activities ----------------------------------------------------------------------------------


@router.post(
    "/clients/{client_id}/activities",
    status_code=201,
    response_model=ActivityOut,
    tags=["activities"],
)
async def start_activity(
    client_id: UUID,
    command: cmd.StartActivity,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """The client begins an activity this partner runs (staż, szkolenie, PSU, KIS…), possibly
    an edition or course of a programme; a warning names another partner running the same."""
    lang = request_lang(request)

    async def action(uow: Any) -> ActivityOut:
        activity = await records.start_activity(uow, ctx, client_id, command)
        out = ActivityOut.model_validate(activity)
        overlaps = await duplication.activity_overlaps(uow, ctx, activity)
        out.warnings = [overlap_out(ctx, lang, overlap) for overlap in overlaps]
        return out

    return await write(node, key, request, action)


@router.post("/activities/{activity_id}/end", response_model=ActivityOut, tags=["activities"])
async def end_activity(
    activity_id: UUID,
    command: cmd.EndActivity,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """The activity ended: completed (with or without a qualification gained) or abandoned."""

    async def action(uow: Any) -> ActivityOut:
        return ActivityOut.model_validate(
            await records.end_activity(uow, ctx, activity_id, command)
        )

    return await write(node, key, request, action, status_code=200)


@router.get("/activities", response_model=PageOut[ActivityOut], tags=["activities"])
async def list_activities(
    node: NodeDep,
    page: PageDep,
    client_id: ClientFilter = None,
    kind: ActivityKind | None = None,
    edition_id: UUID | None = None,
) -> PageOut[ActivityOut]:
    conditions = _of_client(db.activities, client_id)
    if kind is not None:
        conditions.append(db.activities.c.kind == kind.value)
    if edition_id is not None:
        conditions.append(db.activities.c.edition_id == str(edition_id))
    return await listing(
        node,
        lambda uow: uow.activities,
        ActivityOut,
        page,
        *conditions,
        order_by=(db.activities.c.started_on, db.activities.c.id),
    )


@router.get("/activities/{activity_id}", response_model=ActivityOut, tags=["activities"])
async def read_activity(activity_id: UUID, node: NodeDep) -> ActivityOut:
    async with node.unit_of_work() as uow:
        activity = await found(uow.activities, activity_id, "activity_id", "activity")
    return ActivityOut.model_validate(activity)


add_correction_routes(
    router,
    "/activities/{record_id}",
    "activity",
    cmd.CorrectActivity,
    ActivityOut.model_validate,
    ActivityOut,
    "activity",
)


# --- employment ----------------------------------------------------------------------------------


@router.post(
    "/clients/{client_id}/employments",
    status_code=201,
    response_model=EmploymentOut,
    tags=["employment"],
)
async def start_employment(
    client_id: UUID,
    command: cmd.StartEmployment,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """The client took a job: the contract type, its planned end, the employer."""

    async def action(uow: Any) -> EmploymentOut:
        return EmploymentOut.model_validate(
            await records.start_employment(uow, ctx, client_id, command)
        )

    return await write(node, key, request, action)


@router.post("/employments/{employment_id}/end", response_model=EmploymentOut, tags=["employment"])
async def end_employment(
    employment_id: UUID,
    command: cmd.EndEmployment,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    async def action(uow: Any) -> EmploymentOut:
        return EmploymentOut.model_validate(
            await records.end_employment(uow, ctx, employment_id, command)
        )

    return await write(node, key, request, action, status_code=200)


@router.post(
    "/employments/{employment_id}/retention",
    status_code=201,
    response_model=RetentionCheckOut,
    tags=["employment"],
)
async def check_retention(
    employment_id: UUID,
    command: cmd.CheckRetention,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """The client still holds the job on the checkpoint date."""

    async def action(uow: Any) -> RetentionCheckOut:
        return RetentionCheckOut.model_validate(
            await records.check_retention(uow, ctx, employment_id, command)
        )

    return await write(node, key, request, action)


@router.get("/employments", response_model=PageOut[EmploymentOut], tags=["employment"])
async def list_employments(
    node: NodeDep, page: PageDep, client_id: ClientFilter = None
) -> PageOut[EmploymentOut]:
    return await listing(
        node,
        lambda uow: uow.employments,
        EmploymentOut,
        page,
        *_of_client(db.employments, client_id),
        order_by=(db.employments.c.started_on, db.employments.c.id),
    )


@router.get(
    "/employments/{employment_id}/retention",
    response_model=list[RetentionCheckOut],
    tags=["employment"],
)
async def list_retention_checks(employment_id: UUID, node: NodeDep) -> list[RetentionCheckOut]:
    async with node.unit_of_work() as uow:
        await found(uow.employments, employment_id, "employment_id", "employment")
        checks = await uow.retention_checks.find(employment_id=str(employment_id))
    checks.sort(key=lambda check: check.checked_on)
    return [RetentionCheckOut.model_validate(check) for check in checks]


add_correction_routes(
    router,
    "/employments/{record_id}",
    "employment",
    cmd.CorrectEmployment,
    EmploymentOut.model_validate,
    EmploymentOut,
    "employment",
)
add_correction_routes(
    router,
    "/retention-checks/{record_id}",
    "retention_check",
    cmd.CorrectRetention,
    RetentionCheckOut.model_validate,
    RetentionCheckOut,
    "retention check",
)


# --- payments ------------------------------------------------------------------------------------


@router.post(
    "/clients/{client_id}/payments",
    status_code=201,
    response_model=PaymentOut,
    tags=["payments"],
)
async def record_payment(
    client_id: UUID,
    command: cmd.RecordPayment,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """Money paid to the client: a benefit, a stipend or a covered cost, in PLN to the grosz."""

    async def action(uow: Any) -> PaymentOut:
        return PaymentOut.model_validate(await records.record_payment(uow, ctx, client_id, command))

    return await write(node, key, request, action)


@router.get("/payments", response_model=PageOut[PaymentOut], tags=["payments"])
async def list_payments(
    node: NodeDep,
    page: PageDep,
    client_id: ClientFilter = None,
    basis: PaymentBasis | None = None,
) -> PageOut[PaymentOut]:
    conditions = _of_client(db.payments, client_id)
    if basis is not None:
        conditions.append(db.payments.c.basis == basis.value)
    return await listing(
        node,
        lambda uow: uow.payments,
        PaymentOut,
        page,
        *conditions,
        order_by=(db.payments.c.paid_on, db.payments.c.id),
    )


@router.get("/payments/{payment_id}", response_model=PaymentOut, tags=["payments"])
async def read_payment(payment_id: UUID, node: NodeDep) -> PaymentOut:
    async with node.unit_of_work() as uow:
        payment = await found(uow.payments, payment_id, "payment_id", "payment")
    return PaymentOut.model_validate(payment)


add_correction_routes(
    router,
    "/payments/{record_id}",
    "payment",
    cmd.CorrectPayment,
    PaymentOut.model_validate,
    PaymentOut,
    "payment",
)


# --- contracts -----------------------------------------------------------------------------------


@router.post(
    "/clients/{client_id}/contracts",
    status_code=201,
    response_model=ContractOut,
    tags=["contracts"],
)
async def sign_contract(
    client_id: UUID,
    command: cmd.SignContract,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """A social contract or a tripartite family contract, with its parties and obligations."""

    async def action(uow: Any) -> ContractOut:
        return ContractOut.model_validate(await records.sign_contract(uow, ctx, client_id, command))

    return await write(node, key, request, action)


@router.get("/contracts", response_model=PageOut[ContractOut], tags=["contracts"])
async def list_contracts(
    node: NodeDep, page: PageDep, client_id: ClientFilter = None
) -> PageOut[ContractOut]:
    return await listing(
        node,
        lambda uow: uow.contracts,
        ContractOut,
        page,
        *_of_client(db.contracts, client_id),
        order_by=(db.contracts.c.signed_on, db.contracts.c.id),
    )


add_correction_routes(
    router,
    "/contracts/{record_id}",
    "contract",
    cmd.CorrectContract,
    ContractOut.model_validate,
    ContractOut,
    "contract",
)
