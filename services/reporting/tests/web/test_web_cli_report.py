"""`partnership report` saves what the reporting node builds for the period."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import typer
from typer.testing import CliRunner

from partnership_cli.report import report


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command()(report)
    return app


def test_the_report_is_fetched_for_the_period_and_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: dict[str, Any] = {}

    def fake_get(
        url: str, params: dict[str, str], timeout: float, headers: dict[str, str]
    ) -> httpx.Response:
        asked.update(url=url, params=params, headers=headers)
        return httpx.Response(200, content=b"PK workbook")

    monkeypatch.setattr(httpx, "get", fake_get)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "var" / "access").mkdir(parents=True)
    (tmp_path / "var" / "access" / "reporting.token").write_text("the-service-token\n")
    result = CliRunner().invoke(_app(), ["--period", "2013-Q2", "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    assert asked == {
        "url": "http://127.0.0.1:8100/reports/monitoring.xlsx",
        "params": {"period": "2013-Q2", "lang": "pl"},
        "headers": {"Authorization": "Bearer the-service-token"},
    }
    assert (tmp_path / "sprawozdanie-2013-Q2.xlsx").read_bytes() == b"PK workbook"


def test_a_refusal_is_shown_and_nothing_is_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fake_get(
        url: str, params: dict[str, str], timeout: float, headers: dict[str, str]
    ) -> httpx.Response:
        return httpx.Response(400, text="period '2013-Q9' is not a quarter")

    monkeypatch.setattr(httpx, "get", fake_get)
    target = tmp_path / "out.csv"
    result = CliRunner().invoke(
        _app(),
        ["--period", "2013-Q9", "--format", "csv", "--output", str(target), "--token", "t"],
    )
    assert result.exit_code == 1
    assert "2013-Q9" in result.output
    assert not target.exists()


def test_without_a_token_nothing_is_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PARTNERSHIP_TOKEN", raising=False)
    monkeypatch.delenv("PARTNERSHIP_DATA_DIR", raising=False)
    result = CliRunner().invoke(_app(), ["--period", "2013-Q2"])
    assert result.exit_code == 2
    assert "No token" in result.output


def test_an_unknown_format_is_refused() -> None:
    result = CliRunner().invoke(_app(), ["--period", "2013-Q2", "--format", "docx"])
    assert result.exit_code == 2
