"""The whole platform as a user runs it: `partnership up`, `partnership demo`, the summary."""

from __future__ import annotations

import stat
from decimal import Decimal
from typing import Any

import httpx
import pytest
from running_partnership import RunningPartnership, free_port_run, start_partnership

pytestmark = pytest.mark.e2e


def figures(summary: dict[str, Any]) -> dict[str, Any]:
    return {
        key: summary[key] for key in ("clients", "hours", "activities", "employment", "benefits")
    }


def test_up_prints_one_line_per_node_with_its_url(demo_partnership: RunningPartnership) -> None:
    for partner in ("reporting", "pup", "ops", "ngo"):
        line = next(
            line for line in demo_partnership.banner.splitlines() if line.startswith(partner)
        )
        assert demo_partnership.url(partner) in line
        assert httpx.get(demo_partnership.url(partner) + "/healthz").status_code == 200


def test_the_demo_reproduces_the_bartoszyce_partnership(
    demo_partnership: RunningPartnership,
) -> None:
    summary: dict[str, Any] = demo_partnership.summary()
    clients = summary["clients"]
    assert clients["total"] == 11
    assert clients["replacements"] == 1
    assert sum(clients["by_gender"].values()) == 11
    assert clients["by_gender"]["male"] == 3
    hours = summary["hours"]
    assert Decimal(hours["total"]) == Decimal("783.5")
    assert {k: Decimal(v) for k, v in hours["by_partner_kind"].items()} == {
        "pup": Decimal("114.5"),
        "ops": Decimal("222.5"),
        "ngo": Decimal("446.5"),
    }
    assert sum(Decimal(v) for v in hours["by_role"].values()) == Decimal("783.5")
    for role in (
        "vocational_counsellor",
        "job_broker",
        "social_worker",
        "psychologist",
        "pedagogue",
        "family_assistant",
        "physiotherapist",
        "it_trainer",
        "sociologist",
    ):
        assert Decimal(hours["by_role"][role]) > 0, role
    activities = summary["activities"]
    assert activities["training"]["persons"] == 3
    assert activities["psu"]["persons"] == 5
    assert activities["internship"]["persons"] == 5
    employment = summary["employment"]
    assert employment["persons"] == 3
    assert sum(employment["contracts_by_type"].values()) == 3
    assert employment["open_labour_market_persons"] == 3
    assert employment["rate"] == "0.2727"
    benefits = summary["benefits"]
    assert benefits["total"] == "51986.28"
    assert sum(Decimal(v) for v in benefits["by_basis"].values()) == Decimal("51986.28")
    for basis in (
        "social_assistance",
        "housing_allowance",
        "family_benefits",
        "maintenance_fund",
        "psu_compensation",
        "medical_exam_cost",
        "training_cost",
        "internship_stipend",
    ):
        assert Decimal(benefits["by_basis"][basis]) > 0, basis


def test_the_demo_loaded_twice_changes_nothing_and_says_so(
    demo_partnership: RunningPartnership,
) -> None:
    before = demo_partnership.summary()
    again = demo_partnership.cli("demo")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "było już wczytane" in again.stdout
    assert "żadna liczba się nie zmieniła" in again.stdout
    assert figures(demo_partnership.summary()) == figures(before)


def test_a_period_filter_narrows_the_figures(demo_partnership: RunningPartnership) -> None:
    june = demo_partnership.summary(**{"from": "2013-06-01", "to": "2013-06-30"})
    whole = demo_partnership.summary()
    assert Decimal(june["hours"]["total"]) < Decimal(whole["hours"]["total"])  # type: ignore[index]
    assert june["employment"]["persons"] == 1  # type: ignore[index]


def test_data_and_secret_survive_a_restart(tmp_path_factory: pytest.TempPathFactory) -> None:
    data_dir = tmp_path_factory.mktemp("restart")
    base = free_port_run(5)
    first = start_partnership(data_dir, base, base + 4)
    try:
        client = first.cli("demo")
        assert client.returncode == 0, client.stdout + client.stderr
        before = first.summary()
    finally:
        code, output = first.stop()
    assert code == 0
    assert "Stopped." in output
    secret = (data_dir / "secret").read_text()
    assert stat.S_IMODE((data_dir / "secret").stat().st_mode) == 0o600
    logs = "".join(path.read_text(errors="replace") for path in (data_dir / "logs").iterdir())
    assert secret not in logs
    assert secret not in output

    base = free_port_run(5)  # the old ports may linger in TIME_WAIT
    second = start_partnership(data_dir, base, base + 4)
    try:
        assert figures(second.summary()) == figures(before)
        assert (data_dir / "secret").read_text() == secret
    finally:
        second.stop()


def test_every_demo_client_has_a_support_plan_and_the_partners_referred_them(
    demo_partnership: RunningPartnership,
) -> None:
    pup, ops, ngo = (demo_partnership.url(name) for name in ("pup", "ops", "ngo"))
    clients = httpx.get(f"{pup}/api/v1/clients", params={"limit": 100}).json()["items"]
    assert len(clients) == 11
    for client in clients:
        (plan,) = httpx.get(f"{pup}/api/v1/clients/{client['id']}/plans").json()
        assert plan["owner"] == "pup"
        assert {a["partner_id"] for a in plan["actions"]} >= {"pup", "ops", "ngo"}
    anna = httpx.get(f"{ops}/api/v1/clients", params={"q": "Wiśniewska"}).json()["items"][0]
    (seen_at_ops,) = httpx.get(f"{ops}/api/v1/clients/{anna['id']}/plans").json()
    assert (seen_at_ops["revision"], seen_at_ops["changeable"]) == (2, False)
    assert ("pup", "internship", "done") in {
        (a["partner_id"], a["kind"], a["state"]) for a in seen_at_ops["actions"]
    }
    to_ngo = httpx.get(f"{ngo}/api/v1/referrals", params={"direction": "incoming"}).json()
    assert [(r["service_kind"], r["status"]) for r in to_ngo["items"]] == [
        ("training", "completed")
    ] * 3
    to_ops = httpx.get(f"{ops}/api/v1/referrals", params={"direction": "incoming"}).json()
    assert [(r["service_kind"], r["status"]) for r in to_ops["items"]] == [("psu", "accepted")] * 5
