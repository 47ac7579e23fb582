"""A client's journey as the dashboard shows it: each step labelled in the reader's language.

A record corrected or withdrawn is marked so (`poprawiono`, `wycofano`) and shows its values as
they now stand; a correction is a step of its own: `godziny: 30 → 3`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from reporting_node.web.i18n import Translator


@dataclass(frozen=True)
class JourneyStep:
    when: str
    partner: str
    partner_name: str
    event: str
    details: str
    details_lang: str  # the API's own note is in English
    standing: str = ""  # `poprawiono`, `wycofano`: the record was corrected or withdrawn


def journey_steps(tr: Translator, events: Any) -> list[JourneyStep]:
    """Each event of a journey, labelled with its partner, in the order they happened."""
    items = events.get("events", []) if isinstance(events, Mapping) else events
    return [_step(tr, item) for item in items or []]


def _step(tr: Translator, item: Mapping[str, Any]) -> JourneyStep:
    when = str(item.get("occurred_on") or item.get("occurred_at") or "")
    try:
        shown = tr.fmt.date(date.fromisoformat(when[:10]))
    except ValueError:
        shown = when
    partner = item.get("partner_kind") or item.get("partner") or ""
    payload = item.get("details") or item.get("payload")
    kind = str(item.get("type", ""))
    event = tr.label("event", kind)
    if not isinstance(payload, Mapping):
        details = ""
    elif kind in ("RecordCorrected", "RecordWithdrawn"):
        event = f"{event}: {tr.label('event', str(payload.get('original_type', '')))}"
        details = _correction(tr, payload)
    else:
        details = _details(tr, payload)
    standing = item.get("standing")
    return JourneyStep(
        shown,
        tr.label("partner_short", str(partner)),
        tr.label("partner", str(partner)),
        event,
        details or str(item.get("summary") or ""),
        tr.lang if details else "en",
        tr.label("standing", str(standing)) if standing else "",
    )


def _correction(tr: Translator, payload: Mapping[str, Any]) -> str:
    """`godziny: 30 → 3 · błąd przy wprowadzaniu`, or `wycofano · zapis zdublowany`."""
    changes = payload.get("changes")
    if isinstance(changes, list):
        parts = [
            f"{tr.label('field', str(c.get('field')))}: "
            f"{_value(tr, str(c.get('field')), c.get('from'))} → "
            f"{_value(tr, str(c.get('field')), c.get('to'))}"
            for c in changes
            if isinstance(c, Mapping)
        ]
    else:
        parts = [tr.t("journey.withdrawn")]
    if payload.get("reason"):
        parts.append(tr.label("correction_reason", str(payload["reason"])))
    return " · ".join(parts)


_VALUE_VOCABULARIES = {
    "role": "role",
    "basis": "basis",
    "contract_type": "contract_type",
    "reason": "exit_reason",
}


def _value(tr: Translator, field: str, value: Any) -> str:
    """A corrected field's value as people write it: dates, hours, money, labels, yes/no."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return tr.t("yes" if value else "no")
    text = str(value)
    if field == "hours":
        return tr.fmt.decimal(text)
    if field == "amount":
        return tr.fmt.money(text)
    if field in _VALUE_VOCABULARIES:
        return tr.label(_VALUE_VOCABULARIES[field], text)
    try:
        return tr.fmt.date(date.fromisoformat(text)) if len(text) == 10 else text
    except ValueError:
        return text


_DETAIL_FIELDS = (
    ("kind", "activity"),
    ("role", "role"),
    ("contract_type", "contract_type"),
    ("basis", "basis"),
    ("reason", "exit_reason"),
    ("service_kind", "activity"),
)


def _details(tr: Translator, payload: Mapping[str, Any]) -> str:
    parts: list[str] = []
    for name, vocabulary in _DETAIL_FIELDS:
        if value := payload.get(name):
            label = tr.label(vocabulary, str(value))
            if vocabulary == "activity" and label == str(value).replace("_", " "):
                label = tr.label("role", str(value))
            parts.append(label)
    if payload.get("programme_id"):
        parts.append(str(payload["programme_id"]))
    if payload.get("edition_id"):
        parts.append(f"{tr.t('col.edition')} {payload['edition_id']}")
    if payload.get("hours"):
        parts.append(tr.fmt.hours(str(payload["hours"])))
    if payload.get("amount"):
        parts.append(tr.fmt.money(str(payload["amount"])))
    for side in ("referring_partner", "to_partner"):
        if payload.get(side):
            parts.append(tr.label("partner_short", str(payload[side])))
    return " · ".join(parts)
