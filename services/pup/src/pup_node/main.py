"""Entry point of the PUP node: `partnership-pup` serves it on PORT (default 8101)."""

from functools import lru_cache

from fastapi import FastAPI

from partnership_partner.bootstrap import PartnerSettings
from partnership_partner.entrypoints.app import create_partner_app, serve
from pup_node.extension import EXTENSION


class PUPSettings(PartnerSettings):
    partner_id: str = "pup"
    database_url: str = "sqlite+aiosqlite:///var/pup.db"
    port: int = 8101


@lru_cache
def get_settings() -> PUPSettings:
    return PUPSettings()


def create_app() -> FastAPI:
    return create_partner_app(EXTENSION, get_settings)


def run() -> None:
    serve("pup_node.main:create_app", get_settings())
