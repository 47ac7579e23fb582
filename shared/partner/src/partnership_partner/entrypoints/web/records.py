"""The forms of the work staff record: which fields each kind of record has, with the
partner's vocabulary, the node's programmes and editions, today's date as the default."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from enum import Enum
from typing import Any

from partnership_partner.adapters import schema as db
from partnership_partner.adapters.unit_of_work import SqlUnitOfWork
from partnership_partner.entrypoints.web.forms import Field, Option
from partnership_partner.entrypoints.web.page import View
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
