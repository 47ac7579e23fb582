"""The unit tier: the partner domain and its handlers over an in-memory unit of work."""

from __future__ import annotations

import pytest
from partner_fixtures import OPS

from partnership_partner.service_layer.context import NodeContext
from partnership_partner.testing import FakeUnitOfWork, context


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def ctx() -> NodeContext:
    return context(OPS)
