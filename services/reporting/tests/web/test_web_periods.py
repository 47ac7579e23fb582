from datetime import date

import pytest

from reporting_node.reports.periods import Period, PeriodError, ReportFilter, parse_period


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2013-Q2", date(2013, 4, 1), date(2013, 6, 30)),
        ("2013q1", date(2013, 1, 1), date(2013, 3, 31)),
        ("2013-05", date(2013, 5, 1), date(2013, 5, 31)),
        ("2012-02", date(2012, 2, 1), date(2012, 2, 29)),
        ("2013", date(2013, 1, 1), date(2013, 12, 31)),
        ("2013-02-01..2013-06-30", date(2013, 2, 1), date(2013, 6, 30)),
    ],
)
def test_periods_are_read_as_people_write_them(text: str, start: date, end: date) -> None:
    assert parse_period(text) == Period(start, end)


@pytest.mark.parametrize("text", ["2013-Q5", "2013-13", "Q2", "2013-06-30..2013-02-01", "soon"])
def test_a_period_that_cannot_be_read_says_what_is_expected(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text)


@pytest.mark.parametrize("name", ["2013-Q2", "2013-05", "2013", "2013-02-03..2013-06-30"])
def test_a_period_is_named_back_the_shortest_way(name: str) -> None:
    assert parse_period(name).name == name


def test_the_filter_gives_the_summary_its_parameters() -> None:
    chosen = ReportFilter.from_query(period="2013-Q2", partner="ngo", programme=" ")
    assert chosen.api_params() == {"from": "2013-04-01", "to": "2013-06-30", "partner": "ngo"}
    assert chosen.url_params() == {"period": "2013-Q2", "partner": "ngo"}


def test_from_and_to_are_kept_when_no_period_is_named() -> None:
    chosen = ReportFilter.from_query(date_from="2013-02-01", date_to="2013-03-15")
    assert chosen.api_params() == {"from": "2013-02-01", "to": "2013-03-15"}
    assert chosen.url_params() == chosen.api_params()
    open_ended = ReportFilter.from_query(date_from="2013-02-01")
    assert open_ended.url_params() == {"from": "2013-02-01"}


@pytest.mark.parametrize(
    "query",
    [
        {"partner": "zus"},
        {"date_from": "2013-06-01", "date_to": "2013-02-01"},
        {"date_to": "x"},
        {"programme": "Bartoszyckie Partnerstwo"},  # a name: programmes are chosen by id
    ],
)
def test_a_wrong_filter_is_refused(query: dict[str, str]) -> None:
    with pytest.raises(PeriodError):
        ReportFilter.from_query(**query)


def test_a_programme_is_named_by_its_id() -> None:
    chosen = ReportFilter.from_query(programme=" 2A6D1C3E-5B0F-5D6E-9A51-5A2B8C3F1E01 ")
    assert chosen.api_params() == {"programme": "2a6d1c3e-5b0f-5d6e-9a51-5a2b8c3f1e01"}
