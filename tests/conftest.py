"""Fixtures for the cross-service tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from running_partnership import RunningPartnership, free_port_run, start_partnership


@pytest.fixture(scope="session")
def demo_partnership(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPartnership]:
    """`partnership up` in a fresh data directory, with `partnership demo` loaded once."""
    port_base = free_port_run(5)
    running = start_partnership(tmp_path_factory.mktemp("partnership"), port_base, port_base + 4)
    try:
        loaded = running.cli("demo")
        assert loaded.returncode == 0, loaded.stdout + loaded.stderr
        yield running
    finally:
        if running.process.poll() is None:
            running.stop()
