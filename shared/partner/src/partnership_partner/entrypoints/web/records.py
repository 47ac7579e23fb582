"""The work staff record, as forms: which fields each kind of record has, what its page shows,
which of its fields a correction may change, and the card's tables of a client's records."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from partnership_partner.adapters import schema as db
from partnership_partner.adapters.unit_of_work import SqlUnitOfWork
from partnership_partner.domain.model import Client
from partnership_partner.entrypoints.web.extension import Cell, Link, Section
from partnership_partner.entrypoints.web.forms import Field, Option
from partnership_partner.entrypoints.web.page import View
from partnership_partner.service_layer import commands as cmd
from partnership_shared.events.vocabulary import (
    ContractType,
    CorrectionReason,
    EmployerKind,
    ExitReason,
    Obligation,
    Party,
    ServiceMode,
    SpecialistRole,
)

OBLIGATION_ROWS = 4
"""Rows of obligations a contract form offers (a social contract usually has two to four)."""


def options(view: View, vocabulary: str, values: Sequence[str | Enum]) -> list[Option]:
    items = [
        Option(str(v.value if isinstance(v, Enum) else v), view.label(vocabulary, v))
        for v in values
    ]
    return sorted(items, key=lambda option: option.text.casefold())


def with_blank(view: View, found: list[Option], words: str = "form.none") -> list[Option]:
    return [Option("", view.t(words)), *found]


def reason_fields(view: View) -> list[Field]:
    return [
        Field(
            "reason", view.t("field.reason"), "textarea", required=True, hint=view.t("hint.reason")
        ),
        Field(
            "reason_kind",
            view.t("field.reason_kind"),
            "select",
            options=options(view, "correction_reason", list(CorrectionReason)),
            value=CorrectionReason.DATA_ENTRY_ERROR.value,
        ),
    ]


def confirmation_field(view: View, value: Any = None) -> Field:
    return Field(
        "confirmation",
        view.t("field.confirmation"),
        "textarea",
        hint=view.t("hint.confirmation"),
        value=value,
    )


# --- new records -----------------------------------------------------------------------------


def service_fields(view: View, role: str | None) -> list[Field]:
    return [
        Field(
            "role",
            view.t("field.role"),
            "select",
            required=True,
            options=options(view, "role", list(SpecialistRole)),
            value=role,
        ),
        Field(
            "mode",
            view.t("field.mode"),
            "select",
            options=options(view, "mode", list(ServiceMode)),
            value="individual",
        ),
        Field(
            "hours",
            view.t("field.hours"),
            "hours",
            required=True,
            hint=view.t("hint.hours"),
            width="short",
        ),
        Field(
            "delivered_on",
            view.t("field.delivered_on"),
            "date",
            required=True,
            hint=view.t("hint.date"),
            value=view.node.context.today(),
            width="short",
        ),
        Field(
            "participants",
            view.t("field.participants"),
            "number",
            hint=view.t("hint.participants"),
            width="short",
        ),
        Field("note", view.t("field.note"), "textarea", hint=view.t("hint.note")),
    ]


def payment_fields(view: View) -> list[Field]:
    bases = sorted(view.node.scope.payment_bases, key=lambda b: b.value)
    return [
        Field(
            "basis",
            view.t("field.basis"),
            "select",
            required=True,
            options=options(view, "basis", bases),
        ),
        Field(
            "amount",
            view.t("field.amount"),
            "money",
            required=True,
            hint=view.t("hint.money"),
            width="short",
        ),
        Field(
            "paid_on",
            view.t("field.paid_on"),
            "date",
            required=True,
            hint=view.t("hint.date"),
            value=view.node.context.today(),
            width="short",
        ),
        Field(
            "period_from",
            view.t("field.period_from"),
            "date",
            hint=view.t("hint.date"),
            width="short",
        ),
        Field(
            "period_to", view.t("field.period_to"), "date", hint=view.t("hint.date"), width="short"
        ),
    ]


async def activity_fields(view: View, uow: SqlUnitOfWork) -> list[Field]:
    kinds = sorted(view.node.scope.activity_kinds, key=lambda k: k.value)
    programmes = await programme_options(uow)
    editions = [
        Option(
            e.id,
            f"{view.label('activity', e.kind)} {e.label}" + (f" ({e.trade})" if e.trade else ""),
        )
        for e in await uow.editions.find(provider=view.node.scope.partner_id)
    ]
    return [
        Field(
            "kind",
            view.t("field.activity_kind"),
            "select",
            required=True,
            options=options(view, "activity", kinds),
        ),
        Field(
            "started_on",
            view.t("field.started_on"),
            "date",
            required=True,
            hint=view.t("hint.date"),
            value=view.node.context.today(),
            width="short",
        ),
        Field(
            "programme_id",
            view.t("field.programme"),
            "select",
            options=with_blank(view, programmes),
        ),
        Field(
            "edition_id",
            view.t("field.edition"),
            "select",
            options=with_blank(view, sorted(editions, key=lambda o: o.text)),
        ),
    ]


def employment_fields(view: View) -> list[Field]:
    return [
        Field(
            "contract_type",
            view.t("field.contract_type"),
            "select",
            required=True,
            options=options(view, "contract_type", list(ContractType)),
        ),
        Field(
            "employer_kind",
            view.t("field.employer_kind"),
            "select",
            options=options(view, "employer", list(EmployerKind)),
            value="private",
        ),
        Field("employer_name", view.t("field.employer_name"), hint=view.t("hint.stays_here")),
        Field("open_labour_market", view.t("field.open_labour_market"), "check", value="on"),
        Field(
            "working_time",
            view.t("field.working_time"),
            "hours",
            hint=view.t("hint.working_time"),
            value=Decimal(1),
            width="short",
        ),
        Field(
            "started_on",
            view.t("field.started_on"),
            "date",
            required=True,
            hint=view.t("hint.date"),
            value=view.node.context.today(),
            width="short",
        ),
        Field(
            "ends_on", view.t("field.ends_on"), "date", hint=view.t("hint.ends_on"), width="short"
        ),
    ]


def contract_fields(view: View, families: list[Option]) -> list[Field]:
    kinds = sorted(view.node.scope.contract_kinds, key=lambda k: k.value)
    fields = [
        Field(
            "kind",
            view.t("field.contract_kind"),
            "select",
            required=True,
            options=options(view, "contract_kind", kinds),
        ),
        Field(
            "signed_on",
            view.t("field.signed_on"),
            "date",
            required=True,
            hint=view.t("hint.date"),
            value=view.node.context.today(),
            width="short",
        ),
        Field(
            "ends_on",
            view.t("field.contract_ends_on"),
            "date",
            hint=view.t("hint.date"),
            width="short",
        ),
        Field("family_id", view.t("field.family"), "select", options=with_blank(view, families)),
    ]
    parties = options(view, "party", list(Party))
    obligations = options(view, "obligation", list(Obligation))
    for row in range(OBLIGATION_ROWS):
        fields += [
            Field(
                f"obligations.{row}.party",
                view.t("field.party", n=row + 1),
                "select",
                options=with_blank(view, parties, "form.choose"),
            ),
            Field(
                f"obligations.{row}.obligation",
                view.t("field.obligation", n=row + 1),
                "select",
                options=with_blank(view, obligations, "form.choose"),
            ),
            Field(
                f"obligations.{row}.description",
                view.t("field.obligation_text", n=row + 1),
                hint=view.t("hint.stays_here"),
            ),
        ]
    return fields


def contract_values(values: dict[str, Any]) -> dict[str, Any]:
    """The obligations' rows (`obligations.0.party`…) as the command's list of terms."""
    terms = []
    for row in range(OBLIGATION_ROWS):
        term = {
            name: values.pop(f"obligations.{row}.{name}", None)
            for name in ("party", "obligation", "description")
        }
        if term["party"] or term["obligation"]:
            terms.append({k: v for k, v in term.items() if v is not None})
    return {**values, "obligations": terms}


async def programme_options(uow: SqlUnitOfWork) -> list[Option]:
    _, programmes = await uow.programmes.page(
        order_by=(db.programmes.c.starts_on, db.programmes.c.code), limit=200, offset=0
    )
    return [Option(p.id, f"{p.code} — {p.name}") for p in programmes]


def enrolment_fields(view: View, programmes: list[Option], left: list[Option]) -> list[Field]:
    return [
        Field(
            "programme_id",
            view.t("field.programme"),
            "select",
            required=True,
            options=programmes,
            value=programmes[0].value if len(programmes) == 1 else None,
        ),
        Field(
            "enrolled_on",
            view.t("field.enrolled_on"),
            "date",
            required=True,
            hint=view.t("hint.date"),
            value=view.node.context.today(),
            width="short",
        ),
        Field(
            "consent_ref",
            view.t("field.consent_ref"),
            required=True,
            hint=view.t("hint.consent_ref"),
        ),
        Field(
            "registered_unemployed",
            view.t("field.registered_unemployed"),
            "yesno",
            options=[
                Option("", view.t("form.by_records")),
                Option("yes", view.t("form.yes")),
                Option("no", view.t("form.no")),
            ],
        ),
        Field("household_size", view.t("field.household_size"), "number", value=1, width="short"),
        Field(
            "replaces_client_id",
            view.t("field.replaces"),
            "select",
            options=with_blank(view, left),
            hint=view.t("hint.replaces"),
        ),
    ]


def exit_fields(view: View) -> list[Field]:
    return [
        Field(
            "reason",
            view.t("field.exit_reason"),
            "select",
            required=True,
            options=options(view, "exit", list(ExitReason)),
        ),
        Field(
            "exited_on",
            view.t("field.exited_on"),
            "date",
            required=True,
            hint=view.t("hint.date"),
            value=view.node.context.today(),
            width="short",
        ),
    ]


# --- a record's page and its corrections ------------------------------------------------------


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


# --- the card's tables ------------------------------------------------------------------------


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
