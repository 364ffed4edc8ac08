"""Socket Mode against a local WebSocket server: the ack returns on the socket, the result to response_url."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import base_env, running_server
from tests.slack.mock_web_api import MockSlack
from tests.slack.slack_requests import fixture

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def socket_server(slack_index: Path, mock_slack: MockSlack) -> Iterator[str]:
    env = base_env(slack_index, SLACK_BOT_TOKEN="xoxb-test-0000-token", SLACK_APP_TOKEN="xapp-1-test-0000",
                   SLACK_API_URL=mock_slack.api_url)  # no signing secret: Socket Mode does not need one
    with running_server(env) as (base, _proc):
        yield base


def test_slash_command_over_socket_mode(socket_server: str, mock_slack: MockSlack) -> None:
    mock_slack.wait_for(lambda: mock_slack.socket_connections >= 1)
    [opened] = mock_slack.calls_to("apps.connections.open")
    assert opened.authorization == "Bearer xapp-1-test-0000"
    payload = {**fixture("slash_command_checkpost"), "response_url": mock_slack.response_url("socket-1")}
    mock_slack.send_envelope({"envelope_id": "57d6a792-4d35-4d0b-b6aa-3361493e1caf", "type": "slash_commands",
                              "accepts_response_payload": True, "payload": payload})
    [ack] = mock_slack.wait_for(lambda: [a for a in mock_slack.socket_acks
                                         if a.get("envelope_id") == "57d6a792-4d35-4d0b-b6aa-3361493e1caf"])
    assert ack["payload"]["response_type"] == "ephemeral"
    [result] = mock_slack.wait_for(lambda: mock_slack.responses_to("socket-1"))
    assert result["response_type"] == "ephemeral"
    assert any(block.get("block_id") == "feedback" for block in result["blocks"])
