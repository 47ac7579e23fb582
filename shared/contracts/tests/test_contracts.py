"""The event contracts: what crosses between nodes, and what is refused."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from event_factories import PSEUDONYM, envelope, service
from pydantic import ValidationError

from partnership_shared.events import (
    EVENT_CLASSES,
    EVENT_TYPES,
    LATEST,
    encode_event,
    parse_event,
    with_changes,
)
from partnership_shared.events import models as ev


def test_an_event_survives_the_broker_exactly() -> None:
    event = service(hours="2.5")
    parsed = parse_event(encode_event(event))
    assert parsed == event
    assert isinstance(parsed, ev.ServiceDelivered)
    assert parsed.payload.hours == Decimal("2.5")


def test_money_and_hours_travel_as_decimal_strings_never_floats() -> None:
    payload = ev.BenefitPaidPayload(
        payment_id=uuid.uuid4(),
        basis=ev.PaymentBasis.SOCIAL_ASSISTANCE,
        amount=Decimal("51986.28"),
        paid_on=date(2013, 6, 28),
    )
    raw = json.loads(encode_event(ev.BenefitPaid(payload=payload, **envelope())))
    assert raw["payload"]["amount"] == "51986.28"
    assert json.loads(encode_event(service(hours="0.5")))["payload"]["hours"] == "0.5"


def test_times_are_normalised_to_utc() -> None:
    warsaw_summer = timezone(timedelta(hours=2))
    event = service(occurred_at=datetime(2013, 6, 3, 14, tzinfo=warsaw_summer))
    assert event.occurred_at.utcoffset() == timedelta(0)
    assert event.occurred_at.hour == 12


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValidationError, match="timezone"):
        service(occurred_at=datetime(2013, 6, 3, 14))  # noqa: DTZ001


@pytest.mark.parametrize(
    ("hours", "problem"),
    [("0", "greater than 0"), ("-1", "greater than 0"), ("1.555", "2 decimal places")],
)
def test_impossible_hours_are_refused(hours: str, problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        service(hours=hours)


def test_events_are_frozen() -> None:
    event = service()
    with pytest.raises(ValidationError, match="frozen"):
        event.seq = 2  # type: ignore[misc]


def test_unknown_type_or_version_is_refused_with_the_reason() -> None:
    raw = json.loads(encode_event(service()))
    raw["version"] = 9
    with pytest.raises(ValidationError, match=r"ServiceDelivered\.v9"):
        parse_event(json.dumps(raw))
    raw["type"] = "SomethingElse"
    raw["version"] = 1
    with pytest.raises(ValidationError, match="SomethingElse"):
        parse_event(json.dumps(raw))


def test_a_client_event_must_name_its_client_by_pseudonym() -> None:
    with pytest.raises(ValidationError, match="client"):
        service(client=None)
    with pytest.raises(ValidationError, match="pattern"):
        service(client="44051401359")  # a PESEL is not a pseudonym


def test_extra_fields_are_refused_so_personal_data_cannot_ride_along() -> None:
    raw = json.loads(encode_event(service()))
    raw["payload"]["last_name"] = "Kowalski"
    with pytest.raises(ValidationError, match="last_name"):
        parse_event(json.dumps(raw))


def test_every_event_in_the_catalogue_has_one_type_and_version() -> None:
    assert len(EVENT_TYPES) == len(EVENT_CLASSES)
    assert "ServiceDelivered.v1" in EVENT_TYPES
    assert {"EmploymentStarted.v1", "EmploymentStarted.v2"} <= set(EVENT_TYPES)
    assert LATEST["EmploymentStarted"] is ev.EmploymentStarted


def _job_v1(**payload: object) -> dict[str, object]:
    fields = {
        "employment_id": str(uuid.uuid4()),
        "contract_type": "employment_fixed_term",
        "employer_kind": "private",
        "open_labour_market": True,
        "working_time": "1",
        "started_on": "2013-03-11",
        **payload,
    }
    return {
        **json.loads(encode_event(service())),
        "type": "EmploymentStarted",
        "version": 1,
        "payload": fields,
    }


def test_a_job_of_version_1_reads_as_version_2_with_no_planned_end() -> None:
    raw = _job_v1()
    event = parse_event(json.dumps(raw))
    assert isinstance(event, ev.EmploymentStarted)
    assert (event.version, event.payload.ends_on) == (2, None)
    assert event.payload.duration is ev.EmploymentDuration.UNSPECIFIED
    assert str(event.event_id) == raw["event_id"]


@pytest.mark.parametrize(
    ("contract", "ends_on", "duration"),
    [
        ("employment_indefinite", None, "indefinite"),
        ("employment_fixed_term", "2014-03-10", "up_to_12_months"),
        ("employment_fixed_term", "2014-03-11", "over_12_months"),
        ("mandate", None, "unspecified"),
    ],
)
def test_a_contract_is_up_to_or_over_a_year(
    contract: str, ends_on: str | None, duration: str
) -> None:
    payload = ev.EmploymentStartedPayload.model_validate(
        {**_job_v1(contract_type=contract)["payload"], "ends_on": ends_on}  # type: ignore[dict-item]
    )
    assert payload.duration == duration


def test_an_indefinite_contract_has_no_planned_end() -> None:
    with pytest.raises(ValidationError, match="indefinite period has no planned end"):
        ev.EmploymentStartedPayload.model_validate(
            {**_job_v1(contract_type="employment_indefinite")["payload"], "ends_on": "2014-01-01"}  # type: ignore[dict-item]
        )


def test_a_programme_budget_must_add_up() -> None:
    with pytest.raises(ValidationError, match=r"is not the total 349773\.80"):
        ev.Funding(
            total=Decimal("349773.80"),
            co_financing=Decimal("310503.80"),
            own_contribution=Decimal("39270.01"),
        )
    funding = ev.Funding(
        total=Decimal("349773.80"),
        co_financing=Decimal("310503.80"),
        own_contribution=Decimal("39270.00"),
    )
    assert funding.co_financing_source is ev.FundingSource.EU


def test_a_tripartite_family_contract_binds_the_family_pup_and_ops() -> None:
    common = {
        "contract_id": uuid.uuid4(),
        "kind": "tripartite_family_contract",
        "signed_on": date(2014, 2, 1),
    }
    with pytest.raises(ValidationError, match="binds the family, PUP and OPS"):
        ev.ContractSignedPayload(**common, parties=("client", "ops"))  # type: ignore[arg-type]
    signed = ev.ContractSignedPayload(
        **common,  # type: ignore[arg-type]
        parties=("family", "pup", "ops"),
        family=PSEUDONYM,
        obligations=[{"party": "pup", "obligation": "job_offers"}],
    )
    assert signed.obligations[0].party is ev.Party.PUP
    with pytest.raises(ValidationError, match="obligation of ngo, who is not a party"):
        ev.ContractSignedPayload(
            **common,  # type: ignore[arg-type]
            parties=("family", "pup", "ops"),
            family=PSEUDONYM,
            obligations=[{"party": "ngo", "obligation": "therapy"}],
        )


def test_a_correction_changes_only_what_may_be_corrected() -> None:
    original = service(hours="30")
    fields = {
        "original_event_id": original.event_id,
        "original_type": "ServiceDelivered",
        "reason": "data_entry_error",
    }
    with pytest.raises(ValidationError, match="service_id of a ServiceDelivered cannot be"):
        ev.RecordCorrectedPayload(**fields, changes={"service_id": str(uuid.uuid4())})  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="'ProgrammeDefined' cannot be corrected"):
        ev.RecordCorrectedPayload(
            **{**fields, "original_type": "ProgrammeDefined"}, changes={"name": "x"}
        )  # type: ignore[arg-type]
    correction = ev.RecordCorrectedPayload(**fields, changes={"hours": "3"})  # type: ignore[arg-type]
    corrected = with_changes(original, correction.changes)
    assert isinstance(corrected, ev.ServiceDelivered)
    assert corrected.payload.hours == Decimal("3")
    assert corrected.event_id == original.event_id
    with pytest.raises(ValidationError, match="greater than 0"):
        with_changes(original, {"hours": "0"})


def test_a_group_service_names_attendees_not_a_single_client() -> None:
    payload = ev.ServiceDeliveredPayload(
        service_id=uuid.uuid4(),
        role=ev.SpecialistRole.IT_TRAINER,
        mode=ev.ServiceMode.GROUP,
        hours=Decimal("3"),
        delivered_on=date(2013, 3, 1),
        participants=4,
        attendees=(PSEUDONYM, "b" * 64),
    )
    event = ev.ServiceDelivered(payload=payload, **envelope(client=None))
    assert parse_event(encode_event(event)) == event
    with pytest.raises(ValidationError, match="exactly one participant"):
        ev.ServiceDeliveredPayload(
            service_id=uuid.uuid4(),
            role=ev.SpecialistRole.PSYCHOLOGIST,
            mode=ev.ServiceMode.INDIVIDUAL,
            hours=Decimal("1"),
            delivered_on=date(2013, 3, 1),
            participants=3,
        )


def test_an_overlap_names_its_pair_of_partners_one_way_only() -> None:
    fields = {
        "overlap_id": uuid.uuid4(),
        "kind": "psychologist",
        "since": date(2013, 3, 4),
    }
    event = ev.OverlapFound(
        payload=ev.OverlapFoundPayload(**fields, partners=("ngo", "ops")),  # type: ignore[arg-type]
        **envelope(partner="ops"),
    )
    parsed = parse_event(encode_event(event))
    assert parsed == event
    assert isinstance(parsed, ev.OverlapFound)
    assert parsed.payload.kind is ev.SpecialistRole.PSYCHOLOGIST
    for partners in (("ops", "ngo"), ("ops", "ops")):
        with pytest.raises(ValidationError, match="alphabetical order"):
            ev.OverlapFoundPayload(**fields, partners=partners)  # type: ignore[arg-type]


def test_a_data_conflict_names_the_fact_not_the_values() -> None:
    payload = ev.DataConflictFoundPayload(
        conflict_id=uuid.uuid4(),
        fact=ev.ClientFact.DISABILITY_DEGREE,
        partners=("ngo", "pup"),
        since=date(2013, 2, 1),
    )
    event = ev.DataConflictFound(payload=payload, **envelope(partner="pup"))
    assert parse_event(encode_event(event)) == event
    with pytest.raises(ValidationError, match="Extra inputs"):
        ev.DataConflictFoundPayload(**payload.model_dump(), values=["light", "severe"])
