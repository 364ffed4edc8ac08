"""A real `policybot serve` process with Slack on, against a local stand-in for the Slack Web API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import base_env, running_server
from tests.slack.mock_web_api import MockSlack
from tests.slack.slack_requests import SIGNING_SECRET

FAQ_CHANNEL = "C0FAQ0001"


@pytest.fixture(scope="module")
def mock_slack() -> Iterator[MockSlack]:
    mock = MockSlack().start()
    yield mock
    mock.stop()


@pytest.fixture(scope="module")
def slack_index(module_index: Path) -> Path:
    return module_index


@pytest.fixture(scope="module")
def slack_env(slack_index: Path, mock_slack: MockSlack) -> dict[str, str]:
    return base_env(slack_index, SLACK_BOT_TOKEN="xoxb-test-0000-token", SLACK_SIGNING_SECRET=SIGNING_SECRET,
                    SLACK_API_URL=mock_slack.api_url, POLICYBOT_FAQ_CHANNELS=f"{FAQ_CHANNEL},C0OTHER01")


@pytest.fixture(scope="module")
def slack_server(slack_env: dict[str, str]) -> Iterator[str]:
    with running_server(slack_env) as (base, _proc):
        yield base
