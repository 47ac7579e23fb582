"""`/docs` without the internet: Swagger UI's files served by the node itself.

FastAPI's default page loads Swagger UI from a CDN, so on an intranet `/docs` is blank. The files
come from the `swagger-ui-bundle-v2` package (Swagger UI 5, kept by the spec-first project that
maintains connexion), installed with the node; nothing is copied into this repository.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, Response
from swagger_ui_bundle import swagger_ui_path

ASSETS = "/docs/assets"
FILES = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon-32x32.png": "image/png",
}


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def with_policy(html: str) -> HTMLResponse:
    """The page with a Content Security Policy of its own: the node's files, and the page's one
    inline script (which starts Swagger UI) allowed by its hash, nothing else inline but styles
    Swagger UI sets itself."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(html)
    )
    policy = (
        f"default-src 'none'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    )
    return HTMLResponse(html, headers={"Content-Security-Policy": policy})


def install_offline_docs(app: FastAPI) -> None:
    """Serve `/docs` with Swagger UI's files from the installed package (the app is made with
    `docs_url=None, redoc_url=None`: ReDoc has no offline copy, so it is not offered)."""
    folder = Path(swagger_ui_path)

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} — API",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
        )
        return with_policy(bytes(page.body).decode())

    @app.get(ASSETS + "/{name}", include_in_schema=False)
    async def asset(name: str) -> Response:
        if name not in FILES:
            return Response(status_code=404)
        return FileResponse(
            folder / name,
            media_type=FILES[name],
            headers={"Cache-Control": "public, max-age=86400"},
        )
