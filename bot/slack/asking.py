"""A question from a DM or a mention: 👀 at once, a thread's first message as context, a Block Kit answer."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.slack.blocks import ASK_USAGE, Message, answer_message, plain
from bot.slack.replies import Timer, log_failure, message_text, strip_mentions, telling_user

log = logging.getLogger("bot.slack")


async def show_working(client: AsyncWebClient, channel: str, ts: str) -> None:
    """The 👀 reaction: the sign of work. A failure here must not stop the answer."""
    try:
        await client.reactions_add(channel=channel, timestamp=ts, name="eyes")
    except Exception as exc:
        log_failure("reactions.add", exc)


async def thread_root_text(client: AsyncWebClient, channel: str, thread_ts: str) -> str | None:
    """The first message of a thread: what a question like "can I like this?" is about.

    When Slack will not give it (e.g. a private channel: the manifest asks for no groups:history), the
    question is answered without it.
    """
    try:
        replies = await client.conversations_replies(channel=channel, ts=thread_ts, limit=1)
    except SlackApiError as exc:
        log_failure("conversations.replies", exc)
        return None
    messages = replies.get("messages") or []
    return (message_text(messages[0]) or None) if messages else None


async def answer_question(
    services: Services, client: AsyncWebClient, event: dict[str, Any], *, source: str, reply_in: str | None,
) -> None:
    """Answers `event`'s text in `event`'s channel, in thread `reply_in` (None: top level)."""
    channel, ts = event["channel"], event["ts"]
    timer = Timer()
    await show_working(client, channel, ts)

    async def post(message: Message) -> None:
        await client.chat_postMessage(channel=channel, thread_ts=reply_in, **message)

    async with telling_user(f"{source} answer", "answer that", post):
        question = strip_mentions(event.get("text") or "")
        if not question:
            await post(plain(ASK_USAGE))
            return
        thread_ts: str | None = event.get("thread_ts")
        in_thread = thread_ts is not None and thread_ts != ts
        context = await thread_root_text(client, channel, thread_ts) if thread_ts and in_thread else None
        answer = await asyncio.to_thread(services.engine.ask, question, context=context)
        await post(answer_message(answer, kind="ask"))
        services.usage.record_answer(platform="slack", kind="ask", verdict=answer.verdict,
                                     faq_id=answer.faq_id)
        log.info("slack %s answered: verdict=%s faq=%s context=%s in %d ms",
                 source, answer.verdict, answer.faq_id, context is not None, timer.ms)
