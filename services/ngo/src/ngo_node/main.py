"""Entry point of the NGO node: `partnership-ngo` serves it on PORT (default 8103)."""

from functools import lru_cache

from fastapi import FastAPI

from ngo_node.extension import EXTENSION
from partnership_partner.bootstrap import PartnerSettings
from partnership_partner.entrypoints.app import create_partner_app, serve


class NGOSettings(PartnerSettings):
    partner_id: str = "ngo"
    database_url: str = "sqlite+aiosqlite:///var/ngo.db"
    port: int = 8103


@lru_cache
def get_settings() -> NGOSettings:
    return NGOSettings()


def create_app() -> FastAPI:
    return create_partner_app(EXTENSION, get_settings)


def run() -> None:
    serve("ngo_node.main:create_app", get_settings())
