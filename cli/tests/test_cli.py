"""The `partnership` command where it needs no running partnership: version, refusals, waiting."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnership_cli.local import LocalPartnership, NodeSpec, PartnershipConfig
from partnership_cli.main import app

runner = CliRunner()


def test_version_is_printed() -> None:
    answer = runner.invoke(app, ["--version"])
    assert answer.exit_code == 0
    assert answer.output.startswith("partnership 0.")


@pytest.mark.parametrize(
    ("option", "named"),
    [
        (["--partnership-id", "elsewhere"], "--partnership-id 'elsewhere'"),
        (["--starts-on", "2014-02-01"], "--starts-on 2014-02-01"),
    ],
)
def test_an_option_that_conflicts_with_the_data_directory_is_refused(
    tmp_path: Path, option: list[str], named: str
) -> None:
    (tmp_path / "partnership.json").write_text(
        json.dumps({"partnership_id": "bartoszyce", "starts_on": "2013-01-15"})
    )
    answer = runner.invoke(app, ["up", "--data-dir", str(tmp_path), *option])
    assert answer.exit_code == 2
    assert named in answer.output
    assert "'bartoszyce' that began on 15.01.2013" in answer.output
    assert not (tmp_path / "logs").exists(), "nothing was started"


def test_options_that_agree_with_the_data_directory_are_fine(tmp_path: Path) -> None:
    PartnershipConfig.load_or_create(tmp_path, "bartoszyce", date(2013, 1, 15))
    again = PartnershipConfig.load_or_create(tmp_path, "bartoszyce", None)
    assert again == PartnershipConfig("bartoszyce", date(2013, 1, 15))


SLOW_NODE = textwrap.dedent(
    """
    import http.server, sys, time
    started = time.monotonic()
    while time.monotonic() - started < {busy}:  # busy, and saying so, like a long migration
        sum(range(100_000))
        print("migrating…", flush=True)
        time.sleep(0.05)
    class Ready(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200); self.end_headers(); self.wfile.write(b"{{}}")
        def log_message(self, *args):
            pass
    http.server.HTTPServer(("127.0.0.1", {port}), Ready).serve_forever()
    """
)


def start_slow_node(tmp_path: Path, port: int, busy: float) -> LocalPartnership:
    (tmp_path / "logs").mkdir()
    local = LocalPartnership(
        tmp_path,
        PartnershipConfig("p", date(2013, 1, 15)),
        "redis://unused",
        (NodeSpec("reporting", "unused", port, partner=False),),
    )
    log = (tmp_path / "logs" / "reporting.log").open("ab")
    local.processes["reporting"] = subprocess.Popen(
        [sys.executable, "-c", SLOW_NODE.format(busy=busy, port=port)], stdout=log
    )
    return local


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_up_waits_for_a_node_as_long_as_it_makes_progress(tmp_path: Path) -> None:
    local = start_slow_node(tmp_path, free_port(), busy=4)
    try:
        started = time.monotonic()
        local.wait_ready(stalled_after=1.5)  # 4 s to be ready, progress all along
        assert time.monotonic() - started > 1.5, "it waited past the stall limit, not gave up"
    finally:
        local.stop_nodes()


def test_up_gives_up_on_a_node_that_makes_no_progress(tmp_path: Path) -> None:
    local = start_slow_node(tmp_path, free_port(), busy=0)
    local.nodes = (NodeSpec("reporting", "unused", free_port(), partner=False),)  # never answers
    try:
        with pytest.raises(RuntimeError, match="no progress for 1 s: reporting"):
            local.wait_ready(stalled_after=1)
    finally:
        local.stop_nodes()
