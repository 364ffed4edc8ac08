"""The message shortcut "Check this post" (callback_id check_post): checks that message's text, privately."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.app import Services
from bot.slack.blocks import plain
from bot.slack.checking import check_and_respond, respond_privately
from bot.slack.replies import message_text

CALLBACK_ID = "check_post"


def register(app: AsyncApp, services: Services) -> None:
    @app.shortcut(CALLBACK_ID)
    async def on_check_post(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        text = message_text(body.get("message") or {})
        if not text:
            await respond_privately(respond, plain("That message has no text I can check."))
            return
        await respond_privately(respond, plain(":eyes: Checking that message…"))
        await check_and_respond(services, respond, text, source="shortcut")
