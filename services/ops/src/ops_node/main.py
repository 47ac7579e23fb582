"""Entry point of the OPS node: `partnership-ops` serves it on PORT (default 8102)."""

from functools import lru_cache

from fastapi import FastAPI

from ops_node.profile import OPS
from partnership_partner.app import create_partner_app, serve
from partnership_partner.node import PartnerSettings


class OPSSettings(PartnerSettings):
    partner_id: str = "ops"
    database_url: str = "sqlite+aiosqlite:///var/ops.db"
    port: int = 8102


@lru_cache
def get_settings() -> OPSSettings:
    return OPSSettings()


def create_app() -> FastAPI:
    return create_partner_app(OPS, get_settings)


def run() -> None:
    serve("ops_node.main:create_app", get_settings())
