"""The family demo, loaded as a user loads it, reproduces the figures seed 004 published."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from running_partnership import RunningPartnership, free_port_run, start_partnership

pytestmark = pytest.mark.e2e

EMPLOYMENT_CONTRACTS = ("employment_indefinite", "employment_fixed_term", "employment_trial")


@pytest.fixture(scope="module")
def poznan(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPartnership]:
    base = free_port_run(5)
    running = start_partnership(tmp_path_factory.mktemp("poznan"), base, base + 4)
    try:
        loaded = running.cli("demo", "poznan")
        assert loaded.returncode == 0, loaded.stdout + loaded.stderr
        assert "10 / 54" in loaded.stdout  # the families line of the printed table
        yield running
    finally:
        running.stop()


def test_ten_families_of_54_persons_completed_with_tripartite_contracts(
    poznan: RunningPartnership,
) -> None:
    summary: dict[str, Any] = poznan.summary()
    assert summary["families"] == {
        "enrolled": 10,
        "with_contract": 10,
        "completed": 10,
        "persons": 54,
    }
    assert summary["contracts"]["by_kind"]["tripartite_family_contract"] == 10
    assert summary["clients"]["total"] == 54
    assert summary["clients"]["by_exit_reason"]["completed"] == 54
    (programme,) = summary["programmes"]
    assert programme["name"].startswith("Schematom STOP!")
    assert programme["lead_partner"] == "ops"


def test_nine_took_jobs_and_five_kept_them_by_contract_type(poznan: RunningPartnership) -> None:
    employment: dict[str, Any] = poznan.summary()["employment"]
    assert employment["persons"] == 9
    by_type = employment["persons_by_type"]
    assert sum(by_type[t] for t in EMPLOYMENT_CONTRACTS) == 5
    assert by_type["mandate"] == 4
    kept = employment["retained_persons_by_type"]
    assert employment["retained_persons"] == 5
    assert sum(kept[t] for t in EMPLOYMENT_CONTRACTS) == 3
    assert kept["mandate"] == 2


def test_the_family_programme_alone_gives_the_same_figures(poznan: RunningPartnership) -> None:
    (programme,) = poznan.summary()["programmes"]
    alone: dict[str, Any] = poznan.summary(programme=programme["id"])
    assert alone["families"]["completed"] == 10
    assert alone["employment"]["persons"] == 9
