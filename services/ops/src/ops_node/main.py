"""Entry point of the OPS node: `partnership-ops` serves it on PORT (default 8102)."""

from functools import lru_cache

from fastapi import FastAPI

from ops_node.extension import EXTENSION
from partnership_partner.bootstrap import PartnerSettings
from partnership_partner.entrypoints.app import create_partner_app, serve


class OPSSettings(PartnerSettings):
    partner_id: str = "ops"
    database_url: str = "sqlite+aiosqlite:///var/ops.db"
    port: int = 8102


@lru_cache
def get_settings() -> OPSSettings:
    return OPSSettings()


def create_app() -> FastAPI:
    return create_partner_app(EXTENSION, get_settings)


def run() -> None:
    serve("ops_node.main:create_app", get_settings())
