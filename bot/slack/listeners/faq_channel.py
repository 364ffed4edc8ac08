"""FAQ replies in channels (POLICYBOT_FAQ_CHANNELS): one threaded approved answer to a close match.

Only people's new top-level messages; never bots, the bot itself, edits or thread replies. Low confidence, a
thread already answered or the channel's cool-down for that entry: silence. Failures are logged, not posted:
nobody asked the bot here.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.slack.blocks import answer_message
from bot.slack.identity import BotIdentity
from bot.slack.replies import Timer, is_human_message, log_failure

log = logging.getLogger("bot.slack")


def register(app: AsyncApp, services: Services, identity: BotIdentity) -> None:
    async def in_faq_channel(event: dict[str, Any]) -> bool:
        in_channel = event.get("channel_type") in {"channel", "group"}
        return in_channel and services.faq_gate.enabled(event.get("channel", ""))

    @app.event("message", matchers=[in_faq_channel])
    async def on_channel_message(event: dict[str, Any], client: AsyncWebClient) -> None:
        text = event.get("text") or ""
        bot_user = identity.bot_user_id
        thread_reply = event.get("thread_ts") not in (None, event["ts"])
        mentions_bot = bool(bot_user) and f"<@{bot_user}" in text
        if (not is_human_message(event) or thread_reply or event.get("user") == bot_user or mentions_bot
                or not text.strip()):
            return  # mentions of the bot are answered by the app_mention listener
        timer = Timer()
        try:
            answer = await asyncio.to_thread(services.engine.faq_reply, text)
            if answer is None or not answer.faq_id:
                return
            if not services.faq_gate.claim(event["channel"], event["ts"], answer.faq_id):
                return
            await client.chat_postMessage(channel=event["channel"], thread_ts=event["ts"],
                                          **answer_message(answer, kind="faq"))
            services.usage.record_answer(platform="slack", kind="faq", verdict=answer.verdict,
                                         faq_id=answer.faq_id)
            log.info("slack faq reply: faq=%s in %d ms", answer.faq_id, timer.ms)
        except Exception as exc:
            log_failure("faq reply", exc)
