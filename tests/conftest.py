"""Fixtures for the cross-service tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from running_partnership import RunningPartnership, partnership_with_demo


@pytest.fixture(scope="session")
def demo_partnership(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPartnership]:
    """The Bartoszyce demo, running; tests that add records start their own partnership."""
    with partnership_with_demo(tmp_path_factory.mktemp("partnership")) as running:
        yield running
