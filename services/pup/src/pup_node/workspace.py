"""The PUP's own pages for its staff: registration at the office and internships (staż) with
their stipends, on the client card and in forms."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from partnership_partner.adapters.unit_of_work import SqlUnitOfWork
from partnership_partner.domain.model import Client
from partnership_partner.entrypoints.views import PaymentOut
from partnership_partner.entrypoints.web.extension import (
    Cell,
    ClientAction,
    Link,
    Section,
    Workspace,
)
from partnership_partner.entrypoints.web.forms import Field, Option
from partnership_partner.entrypoints.web.page import View
from partnership_partner.entrypoints.web.records import confirmation_field
from partnership_partner.entrypoints.web.service_pages import add_form
from partnership_partner.service_layer.handlers.common import found
from pup_node import service_layer as pup
from pup_node.domain.registration import DeregistrationReason, RegistrationStatus
from pup_node.routes import RegistrationOut, internship_out

router = APIRouter(include_in_schema=False)

WORDS = {
    "pup.registration": ("Rejestracja w urzędzie", "Registration at the office"),
    "pup.register": ("Zarejestruj w urzędzie", "Register at the office"),
    "pup.deregister": ("Wyrejestruj", "Deregister"),
    "pup.internships": ("Staże", "Internships"),
    "pup.internship": ("Skieruj na staż", "Start an internship"),
    "pup.stipend": ("Wypłać stypendium", "Pay the stipend"),
    "pup.status": ("Status", "Status"),
    "pup.registered_on": ("Data rejestracji", "Registered on"),
    "pup.deregistered_on": ("Data wyrejestrowania", "Deregistered on"),
    "pup.reason": ("Powód wyrejestrowania", "Reason"),
    "pup.host": ("Pracodawca przyjmujący na staż", "Host employer"),
    "pup.planned_end": ("Planowany koniec stażu", "Planned end"),
    "pup.monthly_stipend": ("Stypendium miesięczne (zł)", "Monthly stipend (PLN)"),
    "pup.month": ("Miesiąc stażu (RRRR-MM)", "Month of the internship (YYYY-MM)"),
    "field.month": ("Miesiąc", "Month"),
    "field.host": ("Pracodawca", "Host"),
    "field.planned_end": ("Planowany koniec", "Planned end"),
    "field.monthly_stipend": ("Stypendium miesięczne", "Monthly stipend"),
    "field.registered_on": ("Data rejestracji", "Registered on"),
    "field.deregistered_on": ("Data wyrejestrowania", "Deregistered on"),
    "field.status": ("Status", "Status"),
}
STATUSES = {
    RegistrationStatus.UNEMPLOYED: ("bezrobotny", "unemployed"),
    RegistrationStatus.JOB_SEEKER: ("poszukujący pracy", "job seeker"),
}
REASONS = {
    DeregistrationReason.JOB_TAKEN: ("podjęcie zatrudnienia", "took a job"),
    DeregistrationReason.REFUSAL: ("odmowa przyjęcia propozycji", "refused an offer"),
    DeregistrationReason.NOT_REPORTING: ("niestawienie się w urzędzie", "did not report"),
    DeregistrationReason.OWN_REQUEST: ("na własny wniosek", "on request"),
    DeregistrationReason.OTHER: ("inny powód", "other"),
}


def registration_fields(v: View) -> list[Field]:
    statuses = [Option(s.value, v.pick(words)) for s, words in STATUSES.items()]
    return [
        Field("status", v.t("pup.status"), "select", options=statuses, value="unemployed"),
        Field(
            "registered_on",
            v.t("pup.registered_on"),
            "date",
            required=True,
            hint=v.t("hint.date"),
            value=v.node.context.today(),
            width="short",
        ),
    ]


def deregistration_fields(v: View) -> list[Field]:
    reasons = [Option(r.value, v.pick(words)) for r, words in REASONS.items()]
    return [
        Field(
            "deregistered_on",
            v.t("pup.deregistered_on"),
            "date",
            required=True,
            hint=v.t("hint.date"),
            value=v.node.context.today(),
            width="short",
        ),
        Field("reason", v.t("pup.reason"), "select", required=True, options=reasons),
    ]


def internship_fields(v: View) -> list[Field]:
    return [
        Field("host", v.t("pup.host"), required=True, hint=v.t("hint.stays_here")),
        Field(
            "started_on",
            v.t("field.started_on"),
            "date",
            required=True,
            hint=v.t("hint.date"),
            value=v.node.context.today(),
            width="short",
        ),
        Field(
            "planned_end",
            v.t("pup.planned_end"),
            "date",
            required=True,
            hint=v.t("hint.date"),
            width="short",
        ),
        Field(
            "monthly_stipend",
            v.t("pup.monthly_stipend"),
            "money",
            required=True,
            hint=v.t("hint.money"),
            width="short",
        ),
    ]


def stipend_fields(v: View) -> list[Field]:
    return [
        Field("month", v.t("pup.month"), required=True, width="short"),
        Field(
            "paid_on",
            v.t("field.paid_on"),
            "date",
            required=True,
            hint=v.t("hint.date"),
            value=v.node.context.today(),
            width="short",
        ),
        confirmation_field(v),
    ]


async def _internship_client(uow: Any, activity_id: str) -> str:
    terms = await found(uow.extension(pup.INTERNSHIPS), activity_id, "activity_id", "internship")
    return str(terms.client_id)


add_form(
    router,
    "/clients/{target}/pup/registration",
    ("Rejestracja w urzędzie", "Registration"),
    registration_fields,
    pup.Register,
    pup.register,
    RegistrationOut.model_validate,
)
add_form(
    router,
    "/clients/{target}/pup/deregistration",
    ("Wyrejestrowanie", "Deregistration"),
    deregistration_fields,
    pup.Deregister,
    pup.deregister,
    RegistrationOut.model_validate,
)
add_form(
    router,
    "/clients/{target}/pup/internship",
    ("Staż", "Internship"),
    internship_fields,
    pup.StartInternship,
    pup.start_internship,
    lambda pair: internship_out(*pair),
)
add_form(
    router,
    "/pup/internships/{target}/stipend",
    ("Stypendium stażowe", "Internship stipend"),
    stipend_fields,
    pup.PayStipend,
    pup.pay_stipend,
    PaymentOut.model_validate,
    _internship_client,
)


async def registrations(v: View, uow: SqlUnitOfWork, client: Client) -> Section:
    found_ = sorted(
        await uow.extension(pup.REGISTRATIONS).find(client_id=client.id),
        key=lambda r: r.registered_on,
    )
    rows = tuple(
        (
            Cell(v.pick(STATUSES[r.status])),
            Cell(v.date(r.registered_on)),
            Cell(v.date(r.deregistered_on) or "—"),
            Cell(v.pick(REASONS[r.reason]) if r.reason else "—"),
        )
        for r in found_
    )
    open_ = any(r.deregistered_on is None for r in found_)
    actions: tuple[Link, ...] = ()
    if v.can_write:
        actions = (
            (Link(v.t("pup.deregister"), f"/clients/{client.id}/pup/deregistration"),)
            if open_
            else (Link(v.t("pup.register"), f"/clients/{client.id}/pup/registration"),)
        )
    columns = (
        v.t("pup.status"),
        v.t("pup.registered_on"),
        v.t("pup.deregistered_on"),
        v.t("pup.reason"),
    )
    return Section(
        "pup-registration",
        v.t("pup.registration"),
        columns,
        rows,
        v.t("card.none"),
        actions,
        slot="service",
    )


async def internships(v: View, uow: SqlUnitOfWork, client: Client) -> Section:
    found_ = sorted(
        await uow.extension(pup.INTERNSHIPS).find(client_id=client.id), key=lambda t: t.starts_on
    )
    rows = tuple(
        (
            Cell(t.host),
            Cell(f"{v.date(t.starts_on)} – {v.date(t.planned_end)}"),
            Cell(v.money(t.monthly_stipend), numeric=True),
            Cell(
                v.t("pup.stipend") if v.can_write else "",
                f"/pup/internships/{t.activity_id}/stipend" if v.can_write else None,
            ),
        )
        for t in found_
    )
    actions = (
        (Link(v.t("pup.internship"), f"/clients/{client.id}/pup/internship"),)
        if v.can_write
        else ()
    )
    columns = (v.t("pup.host"), v.t("field.period"), v.t("pup.monthly_stipend"), "")
    return Section(
        "pup-internships",
        v.t("pup.internships"),
        columns,
        rows,
        v.t("card.none"),
        actions,
        slot="service",
    )


WORKSPACE = Workspace(
    routers=[router],
    client_actions=[
        ClientAction(
            ("Rejestracja w urzędzie", "Registration"), "/clients/{client_id}/pup/registration"
        ),
        ClientAction(("Staż", "Internship"), "/clients/{client_id}/pup/internship"),
    ],
    card_sections=[registrations, internships],
    words=WORDS,
)
