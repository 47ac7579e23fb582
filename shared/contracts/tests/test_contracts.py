"""The event contracts: what crosses between nodes, and what is refused."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from event_factories import PSEUDONYM, envelope, service
from pydantic import ValidationError

from partnership_shared.events import EVENT_CLASSES, EVENT_TYPES, encode_event, parse_event
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
    assert all(tag.endswith(".v1") for tag in EVENT_TYPES)


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
