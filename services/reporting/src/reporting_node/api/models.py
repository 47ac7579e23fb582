"""The shapes of the API's answers, as OpenAPI (`/docs`) shows them.

Counts are integers; hours and money are decimal strings (hours with the fewest places but at
least one, money with two), never floats.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

DecimalText = str


class Period(BaseModel):
    from_: str | None = Field(alias="from", description="First day, ISO (inclusive)")
    to: str | None = Field(description="Last day, ISO (inclusive)")


class Filters(BaseModel):
    partner: str | None
    programme: str | None = Field(description="The programme's id")


class Clients(BaseModel):
    total: int = Field(description="Persons covered in the period (a person is counted once)")
    by_gender: dict[str, int]
    replacements: int = Field(description="Covered persons enrolled in place of one who left")
    recruited: int
    exited: int = Field(description="Covered persons who left in the period")
    by_exit_reason: dict[str, int]
    by_disability: dict[str, int]


class Hours(BaseModel):
    total: DecimalText = Field(examples=["783.5"])
    by_partner_kind: dict[str, DecimalText]
    by_role: dict[str, DecimalText]
    by_partner_role: dict[str, dict[str, DecimalText]]
    sessions: int


class Edition(BaseModel):
    label: str | None = Field(description="I, II…; none until the edition's schedule arrives")
    trade: str | None = Field(description="The trade a vocational course teaches")
    programme_id: str | None
    provider: str | None = Field(description="The partner that runs it")
    capacity: int | None
    persons: int = Field(description="Persons who took part in it in the period")


class Activity(BaseModel):
    persons: int = Field(description="Persons who took part in the period")
    started: int
    completed: int
    abandoned: int
    completed_persons: int = Field(description="Distinct persons who completed one in the period")
    qualified_persons: int = Field(
        description="Distinct persons who completed one gaining a qualification, in the period"
    )
    editions: dict[str, Edition] = Field(description="By edition id (KIS I, II; courses…)")
    by_trade: dict[str, int] = Field(
        description="Persons in the editions teaching each trade (a sum over those editions)"
    )


class Employment(BaseModel):
    persons: int = Field(description="Persons whose employment started in the period")
    contracts: int
    contracts_by_type: dict[str, int]
    persons_by_type: dict[str, int]
    open_labour_market_persons: int
    rate: DecimalText = Field(
        description="persons ÷ clients.total, four places", examples=["0.2727"]
    )
    still_employed_persons: int
    still_employed_by_type: dict[str, int]
    retained_persons: int
    retained_persons_by_type: dict[str, int]
    contracts_by_duration: dict[str, int] = Field(
        description="Contracts started: up_to_12_months, over_12_months, indefinite, unspecified"
    )


class Benefits(BaseModel):
    total: DecimalText = Field(examples=["51986.28"])
    by_basis: dict[str, DecimalText]
    by_partner_kind: dict[str, DecimalText]
    payments: int


class Funding(BaseModel):
    total: DecimalText = Field(examples=["349773.80"])
    co_financing: DecimalText = Field(examples=["310503.80"])
    co_financing_source: str = Field(examples=["eu"])
    own_contribution: DecimalText = Field(examples=["39270.00"])


class Programme(BaseModel):
    id: str
    code: str | None = Field(description="None until the programme's definition arrives")
    name: str | None
    starts_on: str | None
    ends_on: str | None
    lead_partner: str | None
    funding: Funding | None
    clients: int = Field(description="Persons enrolled in it who meet the period")


class Families(BaseModel):
    enrolled: int = Field(description="Families enrolled who meet the period")
    with_contract: int = Field(description="Of them, with a tripartite family contract signed")
    completed: int = Field(description="Families that completed the programme in the period")
    persons: int = Field(description="Distinct members of the families enrolled")


class Contracts(BaseModel):
    by_kind: dict[str, int] = Field(
        description="Contracts signed in the period: social_contract, tripartite_family_contract"
    )


class Corrections(BaseModel):
    corrected: int = Field(description="Corrections that took effect, made in the period")
    withdrawn: int = Field(description="Records withdrawn in the period")


class ReferralFigures(BaseModel):
    made: int = Field(description="Referrals made in the period")
    accepted: int = Field(description="Accepted in the period")
    declined: int = Field(description="Declined in the period")
    completed: int = Field(description="Completed in the period")
    overdue: int = Field(
        description="Unanswered on the period's last day (or today) more than the agreement's "
        "referral_answer_days after they were made"
    )
    answered: int = Field(description="First answered (accepted or declined) in the period")
    median_days_to_answer: DecimalText | None = Field(
        description="Over those answered in the period; none without one", examples=["3.5"]
    )


class ReferralPair(ReferralFigures):
    from_: str = Field(alias="from", description="The referring partner (its id)")
    to: str = Field(description="The partner referred to")


class Referrals(ReferralFigures):
    answer_days: int = Field(description="The agreement's referral_answer_days")
    by_pair: list[ReferralPair] = Field(description="Per pair of partners, from → to")


class PlanProgress(BaseModel):
    actions: int = Field(description="Actions of the plans as they stand on the period's last day")
    done_on_time: int = Field(description="Done in the period, by their target date")
    done_late: int = Field(description="Done in the period, after their target date")
    overdue: int = Field(description="Not done and past their target on the period's last day")
    pending: int = Field(description="Not done, target not reached yet on the period's last day")


class PartnerPlans(PlanProgress):
    clients: int = Field(description="Clients with a plan action for this partner")


class Plans(PlanProgress):
    clients_with_plan: int = Field(description="Clients with a plan agreed by the period's end")
    plans: int
    by_partner: dict[str, PartnerPlans] = Field(description="By the partner an action is for")


class Overlaps(BaseModel):
    total: int = Field(description="Distinct overlaps found, since a day in the period")
    by_kind: dict[str, int]
    by_partner: dict[str, int] = Field(description="Each overlap counts for both its partners")


class Conflicts(BaseModel):
    total: int = Field(description="Distinct data conflicts, since a day in the period")
    by_fact: dict[str, int]
    by_partner: dict[str, int]


class Summary(BaseModel):
    partnership_id: str
    period: Period
    filters: Filters
    events: int = Field(description="Events behind the figures")
    clients: Clients
    hours: Hours
    activities: dict[str, Activity]
    employment: Employment
    benefits: Benefits
    programmes: list[Programme]
    families: Families
    contracts: Contracts
    corrections: Corrections
    referrals: Referrals
    plans: Plans
    overlaps: Overlaps
    conflicts: Conflicts


class Month(BaseModel):
    month: str = Field(examples=["2013-02"])
    hours: DecimalText
    activities_started: int
    employment_started: int = Field(description="Persons who started work in the month")
    benefits: DecimalText


class Drilldown(BaseModel):
    figure: str
    total: int = Field(description="Pseudonyms behind the figure in all")
    limit: int
    offset: int
    pseudonyms: list[str] = Field(description="A page of them, sorted")


class JourneyStep(BaseModel):
    occurred_on: str
    occurred_at: str
    type: str
    partner_id: str
    partner_kind: str
    seq: int
    summary: str
    details: dict[str, Any]
    standing: str | None = Field(
        default=None,
        description="corrected or withdrawn: the step shows the record as it now stands",
    )


class ProgrammeEntry(BaseModel):
    id: str
    code: str | None
    name: str | None
    starts_on: str | None
    ends_on: str | None
    lead_partner: str | None
    funding: Funding | None


class Journey(BaseModel):
    pseudonym: str
    events: list[JourneyStep]
