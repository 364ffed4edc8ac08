"""What the Teams adapter logs when something fails (never message text) and what it tells the user."""

from __future__ import annotations

import logging

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.schema import ActivityTypes

from bot.teams.text import mentions_me, scope_of

log = logging.getLogger("bot.teams")
FAILED = "Sorry, I could not check that just now. Please try again in a minute."


def describe(exc: BaseException) -> str:
    """An exception for the log: its type and, for a connector error, the HTTP status; never message text."""
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    return f"{type(exc).__name__}" + (f" (HTTP {status})" if status else "")


async def on_turn_error(turn_context: TurnContext, error: Exception) -> None:
    """The adapter's last resort: log the failure and, for a message addressed to the bot, say so."""
    log.error("teams: the turn failed (%s)", describe(error))
    log.debug("teams: traceback of the failure", exc_info=error)
    activity = turn_context.activity
    if activity is None or activity.type != ActivityTypes.message:
        return
    if scope_of(activity) != "personal" and not mentions_me(activity):
        return  # a channel post the bot only overheard: stay quiet
    try:
        await turn_context.send_activity(MessageFactory.text(FAILED))
    except Exception as exc:
        log.error("teams: could not tell the user about the failure (%s)", describe(exc))
