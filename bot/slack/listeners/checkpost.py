"""`/checkpost TEXT`: acknowledged at once ("Checking…" or usage help); the assessment follows privately."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.app import Services
from bot.slack.blocks import CHECKPOST_USAGE
from bot.slack.checking import check_and_respond


def register(app: AsyncApp, services: Services) -> None:
    @app.command("/checkpost")
    async def on_checkpost(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond) -> None:
        text = (command.get("text") or "").strip()
        if not text:
            await ack(response_type="ephemeral", text=CHECKPOST_USAGE)
            return
        await ack(response_type="ephemeral", text=":eyes: Checking your draft…")
        await check_and_respond(services, respond, text, source="checkpost")
