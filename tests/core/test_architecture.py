"""The core knows no platform: importing it leaves the Slack and Teams SDKs unloaded (STYLE.md)."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import REPO

CORE_MODULES = [
    "bot.core.models",
    "bot.core.engine",
    "bot.core.parts",
    "bot.core.answering",
    "bot.core.checkpost",
    "bot.core.retrieval",
    "bot.core.faq",
    "bot.core.scope",
    "bot.core.llm",
    "bot.core.feedback",
    "bot.core.channel_faq",
    "bot.settings",
    "bot.app",
    "ingest.pipeline",
]


def test_importing_the_core_loads_no_platform_sdk() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in CORE_MODULES)
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'slack_bolt', 'slack_sdk', 'botbuilder'})\n"
        + "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.strip() == ""


def test_no_module_outside_the_adapters_imports_a_platform_sdk() -> None:
    offenders = []
    for path in (REPO / "bot").rglob("*.py"):
        relative = path.relative_to(REPO).as_posix()
        text = path.read_text()
        for sdk, home in (
            ("slack_bolt", "bot/slack/"),
            ("slack_sdk", "bot/slack/"),
            ("botbuilder", "bot/teams/"),
        ):
            if (f"import {sdk}" in text or f"from {sdk}" in text) and not relative.startswith(home):
                offenders.append(f"{relative} imports {sdk}")
    assert offenders == []


def test_nothing_but_settings_reads_the_environment() -> None:
    offenders = [
        path.relative_to(REPO).as_posix()
        for folder in ("bot", "ingest")
        for path in (REPO / folder).rglob("*.py")
        if ("os.environ[" in path.read_text() or "os.getenv" in path.read_text() or "environ.get(" in path.read_text())
    ]
    assert offenders == []
