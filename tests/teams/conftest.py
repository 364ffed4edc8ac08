"""Fixtures for the Teams tests: one anonymous loopback server and one connector stand-in per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import base_env, running_server
from tests.teams.connector import Connector

FAQ_CHANNEL = "19:faq-channel@thread.tacv2"
CONTACT = "the Integrity Unit (integrity@example.gov.au)"


@pytest.fixture(scope="module")
def teams_index(module_index: Path) -> Path:
    return module_index


@pytest.fixture(scope="module")
def teams_env(teams_index: Path) -> dict[str, str]:
    return base_env(teams_index, POLICYBOT_FAQ_CHANNELS=FAQ_CHANNEL, POLICYBOT_CONTACT=CONTACT)


@pytest.fixture(scope="module")
def connector() -> Iterator[Connector]:
    with Connector() as stand_in:
        yield stand_in


@pytest.fixture(scope="module")
def teams_server(teams_env: dict[str, str]) -> Iterator[str]:
    """`policybot serve` on loopback with no MicrosoftAppId: Teams is on, anonymously."""
    with running_server(teams_env) as (base, _proc):
        yield base
