"""The reporting node counts plan actions by the partner nodes' rule (issue 9, item 5).

The rule lives in the partner core (`partnership_partner.domain.plans.progress`, read off a
client's timeline); the reporting node, which imports no node's code, judges the same actions
from its event store (`reporting_node.domain.coordination`). On random plans and records, what a
caseworker sees on a plan's page and what the partnership's summary counts must agree.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from partnership_partner.domain.plans import (
    ActionState,
    Plan,
    PlanAction,
    PlanRevision,
    action_kind,
    progress,
)
from partnership_partner.domain.timeline import Entry
from reporting_node.domain.coordination import (
    PLAN,
    CoordinationFact,
    Fulfilment,
    Scope,
    Window,
    fulfilment_kind,
    judge_plans,
)
from reporting_node.domain.days import FIRST_DAY, LAST_DAY, day_key

CLIENT = "c" * 64
PARTNERS = ("pup", "ops", "ngo")
KINDS = ("psychologist", "vocational_counsellor", "internship", "training", "employment")
RECORDS = {
    "psychologist": ("ServiceDelivered", "role"),
    "vocational_counsellor": ("ServiceDelivered", "role"),
    "internship": ("ActivityStarted", "kind"),
    "training": ("ActivityStarted", "kind"),
    "employment": ("EmploymentStarted", ""),
}
START = date(2013, 1, 1)

days = st.integers(min_value=0, max_value=120).map(lambda n: START + timedelta(days=n))
actions = st.lists(
    st.tuples(st.sampled_from(PARTNERS), st.sampled_from(KINDS), days),
    min_size=1,
    max_size=6,
)
records = st.lists(
    st.tuples(st.sampled_from(PARTNERS), st.sampled_from(KINDS), days, st.booleans()),
    max_size=12,
)


def partner_side(
    planned: list[tuple[str, str, date]],
    agreed: date,
    recorded: list[tuple[str, str, date, bool]],
    today: date,
) -> Counter[tuple[str, str]]:
    revision = PlanRevision(
        1,
        agreed,
        agreed,
        tuple(
            PlanAction(str(n), partner, action_kind(kind), target)
            for n, (partner, kind, target) in enumerate(planned)
        ),
        "e",
    )
    plan = Plan("p", CLIENT, "ops", [revision])
    entries = []
    for n, (partner, kind, on, withdrawn) in enumerate(recorded):
        event_type, detail = RECORDS[kind]
        entries.append(
            Entry(
                str(n),
                CLIENT,
                partner,
                event_type,
                on,
                {detail: kind} if detail else {},
                datetime(2013, 1, 1, tzinfo=UTC),
                withdrawn=withdrawn,
            )
        )
    return Counter((p.action.partner, p.state.value) for p in progress(plan, entries, today))


def reporting_side(
    planned: list[tuple[str, str, date]],
    agreed: date,
    recorded: list[tuple[str, str, date, bool]],
    today: date,
) -> Counter[tuple[str, str]]:
    detail = "\n".join(
        f"{uuid.uuid4()}|{partner}|{kind}|{day_key(target)}" for partner, kind, target in planned
    )
    plan = CoordinationFact(
        "e", PLAN, "p", CLIENT, "ops", "ops", "", "", day_key(agreed), 1, detail
    )
    fulfilments = [
        Fulfilment(CLIENT, partner, fulfilment_kind(RECORDS[kind][0], kind), day_key(on))
        for partner, kind, on, withdrawn in recorded
        if not withdrawn  # the event store keeps a withdrawn record out of every figure
    ]
    judged = judge_plans([plan], fulfilments, Window(FIRST_DAY, LAST_DAY, day_key(today)), Scope())
    states = {
        "done_on_time": ActionState.DONE.value,
        "done_late": ActionState.DONE_LATE.value,
        "overdue": ActionState.OVERDUE.value,
        "pending": ActionState.PENDING.value,
    }
    found: Counter[tuple[str, str]] = Counter()
    for partner, figures in judged["by_partner"].items():
        for figure, state in states.items():
            if figures[figure]:
                found[(partner, state)] = figures[figure]
    return found


@settings(max_examples=300, deadline=None)
@given(planned=actions, agreed=days, recorded=records, later=st.integers(0, 150))
def test_the_summary_counts_plan_actions_as_the_partner_nodes_show_them(
    planned: list[tuple[str, str, date]],
    agreed: date,
    recorded: list[tuple[str, str, date, bool]],
    later: int,
) -> None:
    today = agreed + timedelta(days=later)
    # A record tells what has happened: none is dated after the day progress is read on (the
    # summary, asked about a past period, reads no record after its end).
    recorded = [record for record in recorded if record[2] <= today]
    assert reporting_side(planned, agreed, recorded, today) == partner_side(
        planned, agreed, recorded, today
    )
