"""What every listener shares: reading a message's text, telling the user when something fails, timing."""

from __future__ import annotations

import logging
import re
import time
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.slack.blocks import Message, failure

log = logging.getLogger("bot.slack")
_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")

Tell = Callable[[Message], Awaitable[Any]]


def strip_mentions(text: str) -> str:
    return " ".join(_MENTION.sub(" ", text).split())


def message_text(message: dict[str, Any]) -> str:
    """A message's text, with the text of any attachments (a shared link's preview) after it."""
    parts = [message.get("text") or ""]
    for attachment in message.get("attachments") or []:
        if isinstance(attachment, dict):
            parts.append(attachment.get("text") or attachment.get("fallback") or "")
    return "\n".join(p for p in parts if p).strip()


# Subtypes that are still a person's new message: one with a file or screenshot, and a thread reply also sent to
# the channel. Edits, deletions, joins and bot messages have other subtypes and are never answered.
HUMAN_SUBTYPES = {None, "", "file_share", "thread_broadcast"}


def is_human_message(event: dict[str, Any]) -> bool:
    """A person's new message (with or without files), not an edit, a join or a bot's."""
    return event.get("subtype") in HUMAN_SUBTYPES and not event.get("bot_id") and bool(event.get("user"))


def plain_reason(exc: BaseException) -> str:
    """The failure in words a user can act on; no internals, no message text."""
    if isinstance(exc, SlackApiError):
        return f"Slack refused the request ({slack_error(exc)})."
    if isinstance(exc, TimeoutError):
        return "it took too long. Please try again in a minute."
    if isinstance(exc, FileNotFoundError):
        return "the guidance index is missing. The team running policybot needs to run `policybot ingest`."
    return "something went wrong on my side. Please try again; the team running policybot can see the error."


def slack_error(exc: SlackApiError) -> str:
    data = getattr(exc.response, "data", None)
    return str(data.get("error", "unknown error")) if isinstance(data, dict) else "unexpected response"


def log_failure(what: str, exc: BaseException) -> None:
    """The exception's type and where it happened; its message may quote user text, so it is left out."""
    frames = "".join(traceback.format_tb(exc.__traceback__)[-4:])
    log.error("slack %s failed: %s\n%s", what, type(exc).__name__, frames.rstrip())


@asynccontextmanager
async def telling_user(what: str, action: str, tell: Tell) -> AsyncIterator[None]:
    """Runs a listener's work; when it fails the user is told in plain words and the log gets no text."""
    try:
        yield
    except Exception as exc:
        log_failure(what, exc)
        try:
            await tell(failure(action, plain_reason(exc)))
        except Exception as tell_exc:
            log_failure(f"{what} (telling the user)", tell_exc)


class Timer:
    def __init__(self) -> None:
        self._start = time.perf_counter()

    @property
    def ms(self) -> int:
        return round((time.perf_counter() - self._start) * 1000)
