"""The client card's tables of the client's records: services, activities, jobs, payments and
contracts, newest first, each row leading to the record's page."""

from __future__ import annotations

from typing import Any

from partnership_partner.adapters import schema as db
from partnership_partner.adapters.unit_of_work import SqlUnitOfWork
from partnership_partner.domain.model import Client
from partnership_partner.entrypoints.web.extension import Cell, Link, Section
from partnership_partner.entrypoints.web.page import View


def record_link(kind: str, record_id: str) -> str:
    return f"/records/{kind}/{record_id}"


def _note(view: View, record: Any) -> str | None:
    if record.withdrawn:
        return view.t("record.withdrawn")
    if getattr(record, "confirmation", None):
        return view.t("record.confirmed")
    return None


def _section(
    view: View,
    ident: str,
    columns: tuple[str, ...],
    rows: list[tuple[Cell, ...]],
    action: tuple[str, str] | None,
) -> Section:
    """A table of the card; `action` (words key, path) is offered to those who record."""
    actions = (Link(view.t(action[0]), action[1]),) if action and view.can_write else ()
    return Section(
        ident, view.t(f"card.{ident}"), columns, tuple(rows), view.t("card.none"), actions
    )


async def records_sections(view: View, uow: SqlUnitOfWork, client: Client) -> list[Section]:
    """The client's services, activities, jobs, payments and contracts, newest first."""
    t, label, date = view.t, view.label, view.date
    services = await uow.services.given_to([client.id])
    services += await _withdrawn_services(uow, client.id)
    services.sort(key=lambda s: s.delivered_on, reverse=True)
    sections = [
        _section(
            view,
            "services",
            (t("field.delivered_on"), t("field.role"), t("field.mode"), t("field.hours")),
            [
                (
                    Cell(date(s.delivered_on), record_link("service", s.id), note=_note(view, s)),
                    Cell(label("role", s.role)),
                    Cell(label("mode", s.mode)),
                    Cell(view.hours(s.hours), numeric=True),
                )
                for s in services
            ],
            ("action.service", f"/services/new?client={client.id}"),
        )
    ]
    activities = await uow.activities.find(client_id=client.id)
    activities.sort(key=lambda a: a.started_on, reverse=True)
    sections.append(
        _section(
            view,
            "activities",
            (
                t("field.started_on"),
                t("field.activity_kind"),
                t("field.ended_on"),
                t("field.outcome"),
            ),
            [
                (
                    Cell(date(a.started_on), record_link("activity", a.id), note=_note(view, a)),
                    Cell(label("activity", a.kind)),
                    Cell(date(a.ended_on) or "—"),
                    Cell(label("outcome", a.outcome) if a.outcome else "—"),
                )
                for a in activities
            ],
            ("action.activity", f"/clients/{client.id}/activity/new"),
        )
    )
    if view.node.scope.records_employment:
        jobs = await uow.employments.find(client_id=client.id)
        jobs.sort(key=lambda e: e.started_on, reverse=True)
        sections.append(
            _section(
                view,
                "employment",
                (t("field.started_on"), t("field.contract_type"), t("field.ended_on")),
                [
                    (
                        Cell(
                            date(e.started_on), record_link("employment", e.id), note=_note(view, e)
                        ),
                        Cell(label("contract_type", e.contract_type)),
                        Cell(date(e.ended_on) or "—"),
                    )
                    for e in jobs
                ],
                ("action.employment", f"/clients/{client.id}/employment/new"),
            )
        )
    payments = await uow.payments.find(client_id=client.id)
    payments.sort(key=lambda p: p.paid_on, reverse=True)
    sections.append(
        _section(
            view,
            "payments",
            (t("field.paid_on"), t("field.basis"), t("field.amount")),
            [
                (
                    Cell(date(p.paid_on), record_link("payment", p.id), note=_note(view, p)),
                    Cell(label("basis", p.basis)),
                    Cell(view.money(p.amount), numeric=True),
                )
                for p in payments
            ],
            ("action.payment", f"/clients/{client.id}/payment/new"),
        )
    )
    contracts = await uow.contracts.find(client_id=client.id)
    contracts.sort(key=lambda c: c.signed_on, reverse=True)
    signs = bool(view.node.scope.contract_kinds)
    sections.append(
        _section(
            view,
            "contracts",
            (t("field.signed_on"), t("field.contract_kind"), t("field.contract_ends_on")),
            [
                (
                    Cell(date(c.signed_on), record_link("contract", c.id), note=_note(view, c)),
                    Cell(label("contract_kind", c.kind)),
                    Cell(date(c.ends_on) or "—"),
                )
                for c in contracts
            ],
            ("action.contract", f"/clients/{client.id}/contract/new") if signs else None,
        )
    )
    return sections


async def _withdrawn_services(uow: SqlUnitOfWork, client_id: str) -> list[Any]:
    attended = db.service_clients.select().with_only_columns(db.service_clients.c.service_id)
    _, found = await uow.services.page(
        db.services.c.withdrawn.is_(True),
        db.services.c.id.in_(attended.where(db.service_clients.c.client_id == client_id)),
        order_by=(db.services.c.delivered_on,),
        limit=500,
        offset=0,
    )
    return found
