"""Builds the Bolt AsyncApp once, with its Web API client, and registers the listeners."""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncRateLimitErrorRetryHandler,
    async_default_handlers,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.settings import Settings
from bot.slack.dedupe import EventDeduplicator
from bot.slack.identity import BotIdentity
from bot.slack.listeners import register_listeners

SLACK_EVENTS_PATH = "/slack/events"
DEFAULT_API_URL = "https://slack.com/api/"
# Bolt and slack_sdk log request and response bodies at DEBUG: bot.logs keeps them at WARNING.
_bolt_logger = logging.getLogger("slack_bolt")


class _NoTokenFromEnvironmentWarning(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN itself and warns that the client's token wins; here that is the intent."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("As you gave `client` as well")


_bolt_logger.addFilter(_NoTokenFromEnvironmentWarning())


def web_client(settings: Settings) -> AsyncWebClient:
    """The Web API client on SLACK_API_URL (with the trailing slash slack_sdk needs); 429s are retried."""
    base_url = (settings.slack_api_url or DEFAULT_API_URL).rstrip("/") + "/"
    return AsyncWebClient(
        base_url=base_url,
        retry_handlers=[*async_default_handlers(), AsyncRateLimitErrorRetryHandler(max_retry_count=2)],
        logger=logging.getLogger("slack_sdk.web.async_client"),
    )


def build_bolt_app(
    settings: Settings, services: Services, *, socket_mode: bool,
) -> tuple[AsyncApp, BotIdentity]:
    assert settings.slack_bot_token is not None
    client = web_client(settings)
    identity = BotIdentity(token=settings.slack_bot_token.get_secret_value(), client=client)
    secret = settings.slack_signing_secret
    signing_secret = secret.get_secret_value() if secret else None
    bolt_app = AsyncApp(
        client=client,  # no token on it: `authorize` gives each request the bot token
        authorize=identity.bolt_authorize(),
        signing_secret=signing_secret,
        request_verification_enabled=not socket_mode,
        logger=_bolt_logger,
        name="policybot",
    )
    bolt_app.middleware(EventDeduplicator().middleware)
    register_listeners(bolt_app, settings=settings, services=services, identity=identity)
    return bolt_app, identity
