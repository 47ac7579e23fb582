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
    programme: str | None


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


class Activity(BaseModel):
    persons: int = Field(description="Persons who took part in the period")
    started: int
    completed: int
    abandoned: int
    editions: dict[str, int] = Field(description="Persons per edition (KIS I, II…)")


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
    retained_persons: int


class Benefits(BaseModel):
    total: DecimalText = Field(examples=["51986.28"])
    by_basis: dict[str, DecimalText]
    by_partner_kind: dict[str, DecimalText]
    payments: int


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


class Journey(BaseModel):
    pseudonym: str
    events: list[JourneyStep]
