"""An @mention is a question, answered in the mention's thread; in a thread, the first message is context."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.slack.asking import answer_question
from bot.slack.replies import HUMAN_SUBTYPES


def register(app: AsyncApp, services: Services) -> None:
    @app.event("app_mention")
    async def on_mention(event: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("bot_id") or event.get("subtype") not in HUMAN_SUBTYPES:
            return  # other bots' mentions and edits: no loops, no repeats
        thread = event.get("thread_ts") or event["ts"]
        await answer_question(services, client, event, source="mention", reply_in=thread)
