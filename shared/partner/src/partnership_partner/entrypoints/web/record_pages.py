"""A record's page: what each kind of record shows, which of its fields a correction may
change, which clients it names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from partnership_partner.entrypoints.web.forms import Field, Option
from partnership_partner.entrypoints.web.page import View
from partnership_partner.entrypoints.web.records import options
from partnership_partner.service_layer import commands as cmd
from partnership_shared.events.vocabulary import (
    ContractType,
    SpecialistRole,
)


@dataclass(frozen=True)
class RecordPage:
    """How one kind of record is shown and corrected."""

    kind: str
    correction: type[cmd.Correction]
    details: Callable[[View, Any], list[tuple[str, str]]]
    correctable: Callable[[View, Any], list[Field]]
    clients: Callable[[Any], list[str]]


def _service_details(v: View, s: Any) -> list[tuple[str, str]]:
    return [
        (v.t("field.role"), v.label("role", s.role)),
        (v.t("field.mode"), v.label("mode", s.mode)),
        (v.t("field.hours"), v.hours(s.hours)),
        (v.t("field.delivered_on"), v.date(s.delivered_on)),
        (v.t("field.participants"), str(s.participants)),
        (v.t("field.note"), s.note or "—"),
    ]


def _service_correctable(v: View, s: Any) -> list[Field]:
    return [
        Field(
            "role",
            v.t("field.role"),
            "select",
            options=options(v, "role", list(SpecialistRole)),
            value=s.role.value,
        ),
        Field("hours", v.t("field.hours"), "hours", value=s.hours, width="short"),
        Field(
            "delivered_on",
            v.t("field.delivered_on"),
            "date",
            value=s.delivered_on,
            width="short",
            hint=v.t("hint.date"),
        ),
        Field(
            "participants", v.t("field.participants"), "number", value=s.participants, width="short"
        ),
        Field("note", v.t("field.note"), "textarea", value=s.note),
    ]


def _payment_details(v: View, p: Any) -> list[tuple[str, str]]:
    period = f"{v.date(p.period_from)} – {v.date(p.period_to)}" if p.period_from else "—"
    return [
        (v.t("field.basis"), v.label("basis", p.basis)),
        (v.t("field.amount"), v.money(p.amount)),
        (v.t("field.paid_on"), v.date(p.paid_on)),
        (v.t("field.period"), period),
    ]


def _payment_correctable(v: View, p: Any) -> list[Field]:
    bases = sorted(v.node.scope.payment_bases | {p.basis}, key=lambda b: b.value)
    return [
        Field(
            "basis",
            v.t("field.basis"),
            "select",
            options=options(v, "basis", bases),
            value=p.basis.value,
        ),
        Field(
            "amount",
            v.t("field.amount"),
            "money",
            value=p.amount,
            width="short",
            hint=v.t("hint.money"),
        ),
        Field(
            "paid_on",
            v.t("field.paid_on"),
            "date",
            value=p.paid_on,
            width="short",
            hint=v.t("hint.date"),
        ),
        Field("period_from", v.t("field.period_from"), "date", value=p.period_from, width="short"),
        Field("period_to", v.t("field.period_to"), "date", value=p.period_to, width="short"),
    ]


def _activity_details(v: View, a: Any) -> list[tuple[str, str]]:
    ended = v.date(a.ended_on) if a.ended_on else "—"
    return [
        (v.t("field.activity_kind"), v.label("activity", a.kind)),
        (v.t("field.started_on"), v.date(a.started_on)),
        (v.t("field.ended_on"), ended),
        (v.t("field.outcome"), v.label("outcome", a.outcome) if a.outcome else "—"),
        (
            v.t("field.qualification_gained"),
            v.t("form.yes" if a.qualification_gained else "form.no"),
        ),
    ]


def _activity_correctable(v: View, a: Any) -> list[Field]:
    fields = [
        Field(
            "started_on",
            v.t("field.started_on"),
            "date",
            value=a.started_on,
            width="short",
            hint=v.t("hint.date"),
        )
    ]
    if a.ended_on is not None:
        fields += [
            Field("ended_on", v.t("field.ended_on"), "date", value=a.ended_on, width="short"),
            Field(
                "qualification_gained",
                v.t("field.qualification_gained"),
                "yesno",
                options=[Option("yes", v.t("form.yes")), Option("no", v.t("form.no"))],
                value="yes" if a.qualification_gained else "no",
            ),
        ]
    return fields


def _employment_details(v: View, e: Any) -> list[tuple[str, str]]:
    return [
        (v.t("field.contract_type"), v.label("contract_type", e.contract_type)),
        (v.t("field.employer_kind"), v.label("employer", e.employer_kind)),
        (v.t("field.employer_name"), e.employer_name or "—"),
        (v.t("field.started_on"), v.date(e.started_on)),
        (v.t("field.ends_on"), v.date(e.ends_on) or "—"),
        (v.t("field.ended_on"), v.date(e.ended_on) or "—"),
        (v.t("field.working_time"), v.fmt.decimal(e.working_time)),
    ]


def _employment_correctable(v: View, e: Any) -> list[Field]:
    return [
        Field(
            "contract_type",
            v.t("field.contract_type"),
            "select",
            options=options(v, "contract_type", list(ContractType)),
            value=e.contract_type.value,
        ),
        Field("employer_name", v.t("field.employer_name"), value=e.employer_name),
        Field("started_on", v.t("field.started_on"), "date", value=e.started_on, width="short"),
        Field("ends_on", v.t("field.ends_on"), "date", value=e.ends_on, width="short"),
        Field(
            "working_time", v.t("field.working_time"), "hours", value=e.working_time, width="short"
        ),
    ]


def _contract_details(v: View, c: Any) -> list[tuple[str, str]]:
    terms = "; ".join(
        f"{v.label('party', t.party)}: {v.label('obligation', t.obligation)}" for t in c.obligations
    )
    return [
        (v.t("field.contract_kind"), v.label("contract_kind", c.kind)),
        (v.t("field.signed_on"), v.date(c.signed_on)),
        (v.t("field.contract_ends_on"), v.date(c.ends_on) or "—"),
        (v.t("field.parties"), ", ".join(v.label("party", p) for p in c.parties)),
        (v.t("field.obligations"), terms or "—"),
    ]


def _contract_correctable(v: View, c: Any) -> list[Field]:
    return [
        Field("signed_on", v.t("field.signed_on"), "date", value=c.signed_on, width="short"),
        Field("ends_on", v.t("field.contract_ends_on"), "date", value=c.ends_on, width="short"),
    ]


def _own(record: Any) -> list[str]:
    return [record.client_id]


RECORD_PAGES: dict[str, RecordPage] = {
    "service": RecordPage(
        "service",
        cmd.CorrectService,
        _service_details,
        _service_correctable,
        lambda s: list(s.client_ids),
    ),
    "payment": RecordPage(
        "payment", cmd.CorrectPayment, _payment_details, _payment_correctable, _own
    ),
    "activity": RecordPage(
        "activity", cmd.CorrectActivity, _activity_details, _activity_correctable, _own
    ),
    "employment": RecordPage(
        "employment", cmd.CorrectEmployment, _employment_details, _employment_correctable, _own
    ),
    "contract": RecordPage(
        "contract", cmd.CorrectContract, _contract_details, _contract_correctable, _own
    ),
}
