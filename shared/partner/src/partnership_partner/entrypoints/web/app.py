"""The workspace's routers and files, installed on a partner node's app."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, Response

from partnership_partner.entrypoints.web import clients, day, endings, work
from partnership_partner.entrypoints.web.extension import Workspace
from partnership_partner.entrypoints.web.page import HERE, error_page

STATIC = {
    "workspace.css": "text/css",
    "pesel.js": "text/javascript",
    "focus.js": "text/javascript",
}

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
    for router in (day.router, clients.router, work.router, endings.router, *workspace.routers):
        app.include_router(router, dependencies=[records])
    app.include_router(files)
    app.state.error_page = error_page
