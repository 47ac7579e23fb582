"""The workspace's routers and files, installed on a partner node's app."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, Response

from partnership_partner.entrypoints.web import (
    clients,
    coordination,
    day,
    endings,
    plan_pages,
    referral_pages,
    work,
)
from partnership_partner.entrypoints.web.extension import Workspace
from partnership_partner.entrypoints.web.page import HERE, error_page

STATIC = {
    "workspace.css": "text/css",
    "pesel.js": "text/javascript",
    "focus.js": "text/javascript",
}

COORDINATION = Workspace(
    routers=(referral_pages.router, plan_pages.router),
    card_sections=(
        coordination.warnings_section,
        coordination.plan_section,
        coordination.referrals_section,
        coordination.timeline_section,
    ),
    attention=(
        coordination.referrals_attention,
        coordination.plans_attention,
        coordination.warnings_attention,
        coordination.without_plan,
    ),
)
"""What every partner node's workspace shows of the coordination between partners."""

files = APIRouter(include_in_schema=False)


@files.get("/workspace/static/{name}")
async def static(name: str) -> Response:
    if name not in STATIC:
        return Response(status_code=404)
    return FileResponse(
        HERE / "static" / name, media_type=STATIC[name], headers={"Cache-Control": "no-cache"}
    )


def install_workspace(app: FastAPI, workspace: Workspace, records: Any) -> None:
    """The pages and the service's own, behind `records` (the records' routers' dependency:
    caseworkers write, auditors read); the workspace's files; the node's error pages in the
    workspace's look."""
    installed = COORDINATION.joined(workspace)
    # The coordination pages first: `/clients/{id}/referrals/new` is not a record's form.
    pages = (day.router, clients.router, work.router, endings.router, *workspace.routers)
    for router in (*COORDINATION.routers, *pages):
        app.include_router(router, dependencies=[records])
    app.state.workspace = installed
    app.include_router(files)
    app.state.error_page = error_page
