"""Ending what runs for a while, from the record's page: an activity completed or abandoned, a
job ended, a job still held on a checkpoint date (utrzymanie zatrudnienia)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from partnership_partner.entrypoints.views import ActivityOut, EmploymentOut, RetentionCheckOut
from partnership_partner.entrypoints.web.forms import Field, Option
from partnership_partner.entrypoints.web.page import View
from partnership_partner.entrypoints.web.service_pages import add_form
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.handlers import records
from partnership_partner.service_layer.handlers.common import found

router = APIRouter(include_in_schema=False)


def end_activity_fields(v: View) -> list[Field]:
    outcomes = [Option(o.value, v.label("outcome", o.value)) for o in cmd.ActivityOutcome]
    return [
        Field(
            "outcome",
            v.t("field.outcome"),
            "select",
            required=True,
            options=outcomes,
            value="completed",
        ),
        Field(
            "ended_on",
            v.t("field.ended_on"),
            "date",
            required=True,
            hint=v.t("hint.date"),
            value=v.node.context.today(),
            width="short",
        ),
        Field("qualification_gained", v.t("field.qualification_gained"), "check"),
    ]


def end_employment_fields(v: View) -> list[Field]:
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
    ]


def retention_fields(v: View) -> list[Field]:
    return [
        Field(
            "checked_on",
            v.t("field.checked_on"),
            "date",
            required=True,
            hint=v.t("hint.date"),
            value=v.node.context.today(),
            width="short",
        ),
    ]


async def _activity_client(uow: Any, activity_id: str) -> str:
    return str((await found(uow.activities, activity_id, "activity_id", "activity")).client_id)


async def _employment_client(uow: Any, employment_id: str) -> str:
    job = await found(uow.employments, employment_id, "employment_id", "employment")
    return str(job.client_id)


add_form(
    router,
    "/records/activity/{target}/end",
    ("Zakończenie aktywności", "Activity ends"),
    end_activity_fields,
    cmd.EndActivity,
    records.end_activity,
    ActivityOut.model_validate,
    _activity_client,
)
add_form(
    router,
    "/records/employment/{target}/end",
    ("Zakończenie zatrudnienia", "Employment ends"),
    end_employment_fields,
    cmd.EndEmployment,
    records.end_employment,
    EmploymentOut.model_validate,
    _employment_client,
)
add_form(
    router,
    "/records/employment/{target}/retention",
    ("Utrzymanie zatrudnienia", "Employment retained"),
    retention_fields,
    cmd.CheckRetention,
    records.check_retention,
    RetentionCheckOut.model_validate,
    _employment_client,
)
