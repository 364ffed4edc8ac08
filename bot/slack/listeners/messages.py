"""A direct message (message.im) is a question: answered in the DM (in its thread when it was sent in one)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.slack.asking import answer_question
from bot.slack.replies import is_human_message


async def is_direct_message(event: dict[str, Any]) -> bool:
    return event.get("channel_type") == "im" and is_human_message(event)


def register(app: AsyncApp, services: Services) -> None:
    @app.event("message", matchers=[is_direct_message])
    async def on_direct_message(event: dict[str, Any], client: AsyncWebClient) -> None:
        await answer_question(services, client, event, source="dm", reply_in=event.get("thread_ts"))
