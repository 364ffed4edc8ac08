"""When the Teams route is on: with an app id (authenticated), anonymously on loopback, or when told to."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, base_env, run_cli, running_server, server_log
from tests.teams.connector import Connector, activity, post

pytestmark = pytest.mark.server
TENANT = "7d3e1c55-0000-4000-8000-00000000abcd"


def test_with_an_app_id_unauthenticated_requests_get_401(index_copy: Path) -> None:
    env = base_env(
        index_copy,
        MicrosoftAppId="0f5f4c0e-1111-4222-8333-444455556666",
        MicrosoftAppPassword="x",
        MicrosoftAppTenantId=TENANT,
    )
    with Connector() as connector, running_server(env) as (base, _):
        status, _ = post(base, activity("personal_message.json", connector))
        assert status == 401
        assert connector.calls == []
    assert "Teams is on: POST /api/messages (app id 0f5f4c0e" in server_log(env)


def test_single_tenant_without_a_tenant_id_refuses_to_start(index_copy: Path) -> None:
    env = base_env(
        index_copy, MicrosoftAppId="0f5f4c0e-1111-4222-8333-444455556666", MicrosoftAppPassword="x"
    )
    result = run_cli(["serve"], {**env, "PORT": "0"}, timeout=60)
    assert result.returncode == 2
    assert "MicrosoftAppTenantId" in result.stderr


def test_non_loopback_without_credentials_keeps_the_route_off(index_copy: Path) -> None:
    env = base_env(index_copy, HOST="0.0.0.0")
    with Connector() as connector, running_server(env) as (base, _):
        status, _ = post(base, activity("unknown_type.json", connector))
        assert status == 404
    log = server_log(env)
    assert "Teams is off" in log and "POLICYBOT_TEAMS_ANONYMOUS=1" in log and "HOST=0.0.0.0" in log


def test_non_loopback_anonymous_when_told_to(index_copy: Path) -> None:
    env = base_env(index_copy, HOST="0.0.0.0", POLICYBOT_TEAMS_ANONYMOUS="1")
    with Connector() as connector, running_server(env) as (base, _):
        status, _ = post(base, activity("unknown_type.json", connector))
        assert 200 <= status < 300
        status, _ = post(base, activity("personal_message.json", connector, text="help"))
        assert 200 <= status < 300
        assert connector.calls and connector.calls[-1].authorization is None
    assert "POLICYBOT_TEAMS_ANONYMOUS=1" in server_log(env)


def test_only_the_teams_adapter_imports_botbuilder() -> None:
    code = (
        "import sys\n"
        "import bot.core, bot.core.engine, bot.core.parts, bot.slack, bot.server, bot.app, bot.teams\n"
        "from bot.settings import Settings\n"
        "bot.teams.teams_wanted(Settings(HOST='0.0.0.0'))\n"
        "leaked = sorted(m for m in sys.modules if m.startswith(('botbuilder', 'botframework')))\n"
        "assert not leaked, leaked\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env=base_env(REPO / ".policybot-unused"),
    )
    assert result.returncode == 0, result.stderr


def test_botbuilder_imports_stay_in_bot_teams() -> None:
    imports = re.compile(r"^\s*(from|import)\s+(botbuilder|botframework)\b", re.MULTILINE)
    files = [*(REPO / "bot").rglob("*.py"), *(REPO / "ingest").rglob("*.py")]
    offenders = [
        p for p in files if "teams" not in p.relative_to(REPO).parts and imports.search(p.read_text())
    ]
    assert offenders == []
    # Within the adapter, the modules that bot.server reaches before Teams is wanted stay free of it too.
    for name in ("__init__.py", "config.py", "cards.py", "text.py"):
        assert not imports.search((REPO / "bot" / "teams" / name).read_text()), name
