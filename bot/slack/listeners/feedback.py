"""👍/👎 clicks: recorded in the usage log (which keeps a keyed hash of the user id, never the id)."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.app import Services
from bot.core.feedback import Vote
from bot.slack.blocks import FEEDBACK_UP, failure, feedback_thanks
from bot.slack.checking import respond_privately
from bot.slack.replies import log_failure

log = logging.getLogger("bot.slack")
FEEDBACK_ACTIONS = re.compile(r"^feedback_(up|down)$")


def register(app: AsyncApp, services: Services) -> None:
    @app.action(FEEDBACK_ACTIONS)
    async def on_feedback(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any],
                          respond: AsyncRespond) -> None:
        await ack()
        vote: Vote = "up" if action.get("action_id") == FEEDBACK_UP else "down"
        try:
            ref = json.loads(action.get("value") or "{}")
        except json.JSONDecodeError:
            ref = {}
        if not isinstance(ref, dict):
            ref = {}
        kind, verdict, faq_id = ref.get("kind", "unknown"), ref.get("verdict"), ref.get("faq_id")
        try:
            services.usage.record_feedback(
                platform="slack", user_id=(body.get("user") or {}).get("id"), vote=vote,
                answer_ref=f"{kind}:{faq_id or verdict}", verdict=verdict, faq_id=faq_id,
            )
            log.info("slack feedback: vote=%s kind=%s faq=%s", vote, kind, faq_id)
            await respond_privately(respond, feedback_thanks(vote))
        except Exception as exc:
            log_failure("feedback", exc)
            message = failure("record your feedback", "the feedback log could not be written.")
            await respond_privately(respond, message)
