"""`GET /api/v1/summary` on a running node (real Valkey and database) answers coordination's
figures in their declared shape, with the partnership agreement's days for overdue referrals."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.redis


def person(number: int) -> str:
    return f"{number:064x}"


async def test_the_summary_answers_referrals_plans_and_overlaps(
    start_node: Any, events: Any, tmp_path: Path
) -> None:
    agreement = tmp_path / "agreement.toml"
    agreement.write_text("[coordination]\nreferral_answer_days = 3\n", encoding="utf-8")
    a, b = person(1), person(2)
    answered = events.refer(a, "ops", "ngo", on=date(2013, 2, 4))
    waiting = events.refer(b, "ops", "ngo", on=date(2013, 2, 4))
    history = [
        events.enrol(a, "ops"),
        events.enrol(b, "ops"),
        answered,
        waiting,
        events.answer(answered, "accepted", date(2013, 2, 5)),
        events.plan(a, [("ngo", "psychologist", date(2013, 2, 28))], on=date(2013, 2, 1)),
        events.service(a, "ngo", role="psychologist", on=date(2013, 2, 11)),
        events.overlap(a, "ngo", ("ngo", "pup")),
    ]
    async with start_node(partnership_agreement_file=agreement) as node:
        await node.publish(*history)
        await node.wait_for_events(len(history))
        early = await node.get("/api/v1/summary", **{"from": "2013-02-01", "to": "2013-02-08"})
        [pair] = early["referrals"]["by_pair"]
        # On 8 February the second referral had waited four days: overdue after the agreed three.
        assert (pair["from"], pair["to"], pair["made"], pair["accepted"], pair["overdue"]) == (
            "ops",
            "ngo",
            2,
            1,
            1,
        )
        assert (early["referrals"]["answer_days"], pair["median_days_to_answer"]) == (3, "1")
        whole = await node.get("/api/v1/summary")
        assert whole["plans"]["by_partner"] == {
            "ngo": {
                "clients": 1,
                "actions": 1,
                "done_on_time": 1,
                "done_late": 0,
                "overdue": 0,
                "pending": 0,
            }
        }
        assert whole["overlaps"]["by_partner"] == {"ngo": 1, "pup": 1}
        schema = (await node.http.get("/openapi.json")).json()["components"]["schemas"]
        assert {"Referrals", "ReferralPair", "Plans", "PartnerPlans", "Overlaps", "Conflicts"} <= (
            set(schema)
        )
        assert "from" in schema["ReferralPair"]["properties"]
