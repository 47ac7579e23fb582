"""The whole platform as a user runs it: `partnership up`, `partnership demo`, the summary."""

from __future__ import annotations

import re
import stat
from collections import Counter
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


def test_the_demos_plans_and_referrals_are_in_the_figures(
    demo_partnership: RunningPartnership,
) -> None:
    """Every client had a plan kept by the PUP; the PUP referred the three trainees to SION
    (accepted in two days, completed) and the five PSU workers to MOPS (accepted in two days)."""
    summary: dict[str, Any] = demo_partnership.summary()
    answered = {"declined": 0, "overdue": 0, "median_days_to_answer": "2"}
    assert summary["referrals"]["by_pair"] == [
        {"from": "pup", "to": "ngo", "made": 3, "accepted": 3, "completed": 3, "answered": 3}
        | answered,
        {"from": "pup", "to": "ops", "made": 5, "accepted": 5, "completed": 0, "answered": 5}
        | answered,
    ]
    plans = summary["plans"]
    assert (plans["clients_with_plan"], plans["plans"]) == (11, 11)
    # Each action counted as the PUP node, which keeps the plans, shows its progress.
    shown: Counter[tuple[str, str]] = Counter()
    clients = demo_partnership.get("pup", "/api/v1/clients", limit="100").json()["items"]
    for client in clients:
        for plan in demo_partnership.get("pup", f"/api/v1/clients/{client['id']}/plans").json():
            shown.update((a["partner_id"], a["state"]) for a in plan["actions"])
    figures = ("done_on_time", "done_late", "overdue", "pending")
    states = ("done", "done_late", "overdue", "pending")
    counted = {
        partner: [numbers[figure] for figure in figures]
        for partner, numbers in plans["by_partner"].items()
    }
    assert counted == {
        partner: [shown[(partner, state)] for state in states] for partner in ("ngo", "ops", "pup")
    }
    assert sum(shown.values()) == plans["actions"] > 11
    assert summary["conflicts"]["total"] == 0  # every partner holds the same facts


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
    logs = first.logs()
    assert "Traceback" not in output + logs, "Ctrl-C stops everything without a traceback"
    assert re.search(
        r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z level=INFO logger=partnership\.access "
        r'node=pup msg="partnership-cli caseworker POST /api/v1/clients 201 ',
        logs,
        re.MULTILINE,
    ), "every node logs its requests, with a timestamp"
    assert all(re.match(r"\d{4}-\d\d-\d\dT", line) for line in logs.splitlines() if line)
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
        stopped = second.cli("stop")
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr
        assert second.process.wait(timeout=30) == 0
        assert "Stopped." in second.process.communicate()[0]
    finally:
        if second.process.poll() is None:
            second.stop()


def test_status_shows_every_node_ready_and_ingest_complete(
    demo_partnership: RunningPartnership,
) -> None:
    shown = demo_partnership.cli("status")
    assert shown.returncode == 0, shown.stdout + shown.stderr
    for partner in ("reporting", "pup", "ops", "ngo"):
        line = next(line for line in shown.stdout.splitlines() if f"│ {partner} " in line)
        assert "ready" in line, line
        assert "not ready" not in line, line
    assert "dead letters: 0" in shown.stdout
    assert "lost seqs: 0" in shown.stdout


def test_retention_runs_now_on_every_partner_node_signed_in_as_the_service_account(
    demo_partnership: RunningPartnership,
) -> None:
    ran = demo_partnership.cli("retention")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    for partner in ("pup", "ops", "ngo"):
        # No retention period is set: nobody's data are erased, and the node says so.
        assert f"{partner}: usunięto dane osobowe 0 klientów" in ran.stdout, ran.stdout


def test_a_rebuild_shows_its_progress_and_finds_the_live_figures(
    demo_partnership: RunningPartnership,
) -> None:
    before = demo_partnership.summary()
    rebuilt = demo_partnership.cli("reporting", "rebuild")
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert "identical to the live figures" in rebuilt.stdout
    assert figures(demo_partnership.summary()) == figures(before)
    refused = demo_partnership.cli("reporting", "dead-letters")
    assert refused.returncode == 1, "dead letters are for auditors, not the CLI's coordinator"
    demo_partnership.add_account("reporting", "audytorka", "auditor", "hasło audytorki 2013")
    token = demo_partnership.sign_in("reporting", "audytorka", "hasło audytorki 2013")
    listed = demo_partnership.cli("reporting", "dead-letters", "--token", token)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert "No dead letters." in listed.stdout


def test_every_demo_client_has_a_support_plan_and_the_partners_referred_them(
    demo_partnership: RunningPartnership,
) -> None:
    def get(node: str, path: str, **params: str) -> Any:
        answer = demo_partnership.get(node, path, **params)
        assert answer.status_code == 200, answer.text
        return answer.json()

    clients = get("pup", "/api/v1/clients", limit="100")["items"]
    assert len(clients) == 11
    for client in clients:
        (plan,) = get("pup", f"/api/v1/clients/{client['id']}/plans")
        assert plan["owner"] == "pup"
        assert {a["partner_id"] for a in plan["actions"]} >= {"pup", "ops", "ngo"}
    anna = get("ops", "/api/v1/clients", q="Wiśniewska")["items"][0]
    (seen_at_ops,) = get("ops", f"/api/v1/clients/{anna['id']}/plans")
    assert (seen_at_ops["revision"], seen_at_ops["changeable"]) == (2, False)
    assert ("pup", "internship", "done") in {
        (a["partner_id"], a["kind"], a["state"]) for a in seen_at_ops["actions"]
    }
    to_ngo = get("ngo", "/api/v1/referrals", direction="incoming")
    assert [(r["service_kind"], r["status"]) for r in to_ngo["items"]] == [
        ("training", "completed")
    ] * 3
    to_ops = get("ops", "/api/v1/referrals", direction="incoming")
    assert [(r["service_kind"], r["status"]) for r in to_ops["items"]] == [("psu", "accepted")] * 5
