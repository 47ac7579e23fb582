"""The NGO's own pages for its staff: volunteering agreements on the client card, concluded and
ended in forms (the volunteering is the client's activity)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ngo_node import service_layer as ngo
from ngo_node.domain.volunteering import Field as WorkField
from ngo_node.routes import agreement_out
from partnership_partner.adapters.unit_of_work import SqlUnitOfWork
from partnership_partner.domain.model import Client
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

router = APIRouter(include_in_schema=False)

WORDS = {
    "ngo.agreements": ("Porozumienia wolontariackie", "Volunteering agreements"),
    "ngo.conclude": ("Zawrzyj porozumienie", "Conclude an agreement"),
    "ngo.finish": ("Zakończ", "End"),
    "ngo.host": ("Organizacja przyjmująca", "Host organisation"),
    "ngo.field": ("Obszar wolontariatu", "Field of work"),
    "ngo.weekly_hours": ("Godzin tygodniowo", "Hours a week"),
    "ngo.planned_end": ("Planowany koniec", "Planned end"),
    "ngo.realised": ("Zrealizowane zgodnie z porozumieniem", "Realised as agreed"),
    "field.host": ("Organizacja przyjmująca", "Host organisation"),
    "field.field": ("Obszar wolontariatu", "Field of work"),
    "field.weekly_hours": ("Godzin tygodniowo", "Hours a week"),
    "field.starts_on": ("Data rozpoczęcia", "Starts on"),
    "field.planned_end": ("Planowany koniec", "Planned end"),
    "field.realised": ("Zrealizowane", "Realised"),
    "field.agreement_id": ("Porozumienie", "Agreement"),
}
FIELDS = {
    WorkField.CARE: ("opieka nad osobami starszymi, niepełnosprawnymi, dziećmi", "care"),
    WorkField.OFFICE: ("prace biurowe", "office work"),
    WorkField.EVENTS: ("organizacja wydarzeń", "events"),
    WorkField.ENVIRONMENT: ("ochrona środowiska, porządkowanie terenu", "environment"),
    WorkField.CULTURE: ("kultura, sport, rekreacja", "culture, sport, leisure"),
    WorkField.OTHER: ("inne", "other"),
}


def agreement_fields(v: View) -> list[Field]:
    fields = [Option(f.value, v.pick(words)) for f, words in FIELDS.items()]
    return [
        Field("host", v.t("ngo.host"), required=True, hint=v.t("hint.stays_here")),
        Field("field", v.t("ngo.field"), "select", required=True, options=fields),
        Field(
            "weekly_hours",
            v.t("ngo.weekly_hours"),
            "hours",
            required=True,
            hint=v.t("hint.hours"),
            width="short",
        ),
        Field(
            "starts_on",
            v.t("field.started_on"),
            "date",
            required=True,
            hint=v.t("hint.date"),
            value=v.node.context.today(),
            width="short",
        ),
        Field(
            "planned_end",
            v.t("ngo.planned_end"),
            "date",
            required=True,
            hint=v.t("hint.date"),
            width="short",
        ),
        confirmation_field(v),
    ]


def finish_fields(v: View) -> list[Field]:
    return [
        Field(
            "ended_on",
            v.t("field.ended_on"),
            "date",
            required=True,
            hint=v.t("hint.date"),
            value=v.node.context.today(),
            width="short",
        ),
        Field("realised", v.t("ngo.realised"), "check", value="on"),
    ]


async def _agreement_client(uow: Any, agreement_id: str) -> str:
    agreement = await found(
        uow.extension(ngo.AGREEMENTS), agreement_id, "agreement_id", "agreement"
    )
    return str(agreement.client_id)


add_form(
    router,
    "/clients/{target}/ngo/volunteering",
    ("Porozumienie wolontariackie", "Volunteering agreement"),
    agreement_fields,
    ngo.Conclude,
    ngo.conclude,
    lambda pair: agreement_out(*pair),
)
add_form(
    router,
    "/ngo/agreements/{target}/end",
    ("Zakończenie wolontariatu", "Volunteering ends"),
    finish_fields,
    ngo.Finish,
    ngo.finish,
    lambda pair: agreement_out(*pair),
    _agreement_client,
)


async def agreements(v: View, uow: SqlUnitOfWork, client: Client) -> Section:
    found_ = sorted(
        await uow.extension(ngo.AGREEMENTS).find(client_id=client.id), key=lambda a: a.starts_on
    )
    rows = tuple(
        (
            Cell(a.host),
            Cell(v.pick(FIELDS[a.field])),
            Cell(v.fmt.decimal(a.weekly_hours), numeric=True),
            Cell(f"{v.date(a.starts_on)} – {v.date(a.ended_on or a.planned_end)}"),
            Cell(
                v.t("ngo.finish") if v.can_write and a.ended_on is None else "",
                f"/ngo/agreements/{a.id}/end" if v.can_write and a.ended_on is None else None,
            ),
        )
        for a in found_
    )
    actions = (
        (Link(v.t("ngo.conclude"), f"/clients/{client.id}/ngo/volunteering"),)
        if v.can_write
        else ()
    )
    columns = (v.t("ngo.host"), v.t("ngo.field"), v.t("ngo.weekly_hours"), v.t("field.period"), "")
    return Section(
        "ngo-agreements",
        v.t("ngo.agreements"),
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
            ("Porozumienie wolontariackie", "Volunteering agreement"),
            "/clients/{client_id}/ngo/volunteering",
        ),
    ],
    card_sections=[agreements],
    words=WORDS,
)
