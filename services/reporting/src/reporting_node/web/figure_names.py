"""What a figure's dotted key (`employment.persons_by_type.mandate`) means, in words."""

from __future__ import annotations

from reporting_node.web.i18n import Translator

_GROUPS = {
    "by_gender": "gender",
    "by_exit_reason": "exit_reason",
    "by_disability": "disability",
    "by_partner_kind": "partner",
    "by_role": "role",
    "by_basis": "basis",
    "persons_by_type": "contract_type",
    "contracts_by_type": "contract_type",
    "still_employed_by_type": "contract_type",
    "retained_persons_by_type": "contract_type",
    "contracts_by_duration": "duration",
    "by_kind": "contract_kind",
}
_TOTALS = {"hours.total": "headline.hours", "benefits.total": "headline.money"}
_WHOLES = {
    "clients": "section.clients",
    "hours": "headline.hours",
    "benefits": "headline.money",
    "employment.persons_by_type": "employment.persons",
    "employment.contracts_by_type": "employment.contracts",
    "employment.still_employed_by_type": "employment.still_employed_persons",
    "employment.retained_persons_by_type": "employment.retained_persons",
    "employment.contracts_by_duration": "employment.contracts",
    "contracts": "section.contracts",
}


def figure_name(tr: Translator, key: str) -> str:
    """`activities.internship.persons` → `staż: Osoby`; an unknown key is shown as it is."""
    parts = key.split(".")
    head = parts[0]
    if len(parts) == 2:
        message = _TOTALS.get(key, key)
        if tr.t(message) != message:
            return tr.t(message)
        if head == "activities":
            return tr.label("activity", parts[1])
    if len(parts) == 3 and parts[1] in _GROUPS:
        whole = _WHOLES.get(f"{head}.{parts[1]}") or _WHOLES.get(head, "")
        return f"{tr.t(whole)}: {tr.label(_GROUPS[parts[1]], parts[2])}"
    if len(parts) == 4 and parts[1] == "by_partner_role":
        partner, role = tr.label("partner_short", parts[2]), tr.label("role", parts[3])
        return f"{tr.t('headline.hours')}: {partner}, {role}"
    if head == "activities" and len(parts) == 3:
        return f"{tr.label('activity', parts[1])}: {tr.t(f'col.{parts[2]}')}"
    if head == "activities" and len(parts) in (4, 5) and parts[2] == "editions":
        return f"{tr.label('activity', parts[1])} – {tr.t('col.edition')} {parts[3][:8]}"
    if head == "activities" and len(parts) >= 4 and parts[2] == "by_trade":
        return f"{tr.label('activity', parts[1])} – {tr.t('col.trade')}: {'.'.join(parts[3:])}"
    if head == "programmes" and len(parts) == 3:
        return f"{tr.t('col.programme')} {parts[1][:8]}: {tr.t('col.clients')}"
    return key
