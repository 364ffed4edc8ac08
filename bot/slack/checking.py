"""A draft to check (/checkpost or the message shortcut): the assessment goes privately to response_url."""

from __future__ import annotations

import asyncio
import logging

from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.app import Services
from bot.slack.blocks import Message, postcheck_message
from bot.slack.replies import Timer, telling_user

log = logging.getLogger("bot.slack")


async def respond_privately(respond: AsyncRespond, message: Message) -> None:
    response = await respond(response_type="ephemeral", replace_original=False, **message)
    if response.status_code >= 300:
        log.warning("slack response_url answered %s", response.status_code)


async def check_and_respond(services: Services, respond: AsyncRespond, text: str, *, source: str) -> None:
    timer = Timer()

    async def tell(message: Message) -> None:
        await respond_privately(respond, message)

    async with telling_user(source, "check that", tell):
        check = await asyncio.to_thread(services.engine.checkpost, text)
        await tell(postcheck_message(check))
        services.usage.record_answer(platform="slack", kind="checkpost", verdict=check.verdict, faq_id=None)
        log.info("slack %s checked: verdict=%s findings=%d in %d ms",
                 source, check.verdict, len(check.findings), timer.ms)
