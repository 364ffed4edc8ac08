"""The message action "Check this post": assesses the selected message and shows the result privately."""

from __future__ import annotations

import asyncio
import logging

from botbuilder.core import CardFactory
from botbuilder.schema.teams import (
    MessagingExtensionAction,
    MessagingExtensionActionResponse,
    TaskModuleContinueResponse,
    TaskModuleMessageResponse,
    TaskModuleTaskInfo,
)

from bot.app import Services
from bot.teams import cards
from bot.teams.errors import FAILED, describe
from bot.teams.text import plain_text

log = logging.getLogger(__name__)
NOTHING_TO_CHECK = "That message has no text I can check."


async def check_message_action(
    services: Services, action: MessagingExtensionAction
) -> MessagingExtensionActionResponse:
    """The post check as a dialog (a task module) that only the user who chose the action sees."""
    payload = action.message_payload
    body = payload.body if payload else None
    text = plain_text(body.content if body else None)
    if not text and isinstance(action.data, dict):
        text = plain_text(str(action.data.get("text") or ""))
    if not text:
        return _notice(NOTHING_TO_CHECK)
    try:
        check = await asyncio.to_thread(services.engine.checkpost, text)
    except Exception as exc:
        log.error("teams: the post check failed (%s)", describe(exc))
        return _notice(FAILED)
    services.usage.record_answer(platform="teams", kind="checkpost", verdict=check.verdict, faq_id=None)
    card = CardFactory.adaptive_card(cards.postcheck_card(check))
    info = TaskModuleTaskInfo(title="Check this post", card=card, height="large", width="large")
    return MessagingExtensionActionResponse(task=TaskModuleContinueResponse(value=info))


def _notice(text: str) -> MessagingExtensionActionResponse:
    return MessagingExtensionActionResponse(task=TaskModuleMessageResponse(value=text))
