"""Start-up checks of `policybot serve` with Slack configured."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import base_env, free_port, run_cli

pytestmark = pytest.mark.server


def test_http_mode_without_a_signing_secret_refuses_to_start(hash_index: Path) -> None:
    env = base_env(hash_index, SLACK_BOT_TOKEN="xoxb-test-0000-token", SLACK_API_URL="http://127.0.0.1:9/api/",
                   PORT=str(free_port()))
    result = run_cli(["serve"], env, timeout=60)
    assert result.returncode != 0
    assert "SLACK_SIGNING_SECRET" in result.stderr
    assert "Socket Mode" in result.stderr
