"""Who the bot is in Slack: one auth.test, made at start-up and cached, so no acknowledgement waits on it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from slack_bolt.authorization import AuthorizeResult
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.replies import slack_error

log = logging.getLogger(__name__)


class BotIdentity:
    """Bolt's `authorize` for a single workspace: the bot token plus its auth.test result, fetched once.

    Bolt's built-in single-team authorization calls auth.test on the first request (inside that request's
    acknowledgement); this one calls it when the server starts and again only if that failed.
    """

    def __init__(self, *, token: str, client: AsyncWebClient) -> None:
        self._token = token
        self._client = AsyncWebClient(
            token=token, base_url=client.base_url, timeout=client.timeout,
            retry_handlers=client.retry_handlers, logger=client.logger,
        )
        self._result: AuthorizeResult | None = None
        self._lock = asyncio.Lock()

    @property
    def bot_user_id(self) -> str | None:
        return self._result.bot_user_id if self._result else None

    async def warm(self) -> None:
        try:
            result = await self.authorize()
        except Exception as exc:  # retried on the first request; the server still starts
            log.error("Slack auth.test failed at start-up (%s); retrying on the first request", _reason(exc))
            return
        log.info("Slack bot user %s in team %s", result.bot_user_id, result.team_id)

    def bolt_authorize(self) -> Callable[[], Awaitable[AuthorizeResult]]:
        """The function for AsyncApp(authorize=...): Bolt passes arguments by name, so no `self` in it."""

        async def authorize() -> AuthorizeResult:
            return await self.authorize()

        return authorize

    async def authorize(self) -> AuthorizeResult:
        if self._result is None:
            async with self._lock:
                if self._result is None:
                    response = await self._client.auth_test()
                    self._result = AuthorizeResult.from_auth_test_response(
                        bot_token=self._token, auth_test_response=response,
                    )
        return self._result


def _reason(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return slack_error(exc)
    return type(exc).__name__
