"""The Slack adapter: a slack-bolt AsyncApp mounted on policybot's aiohttp server, or run over Socket Mode."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

from bot.app import ConfigError, Services
from bot.settings import Settings
from bot.slack.app import SLACK_EVENTS_PATH, build_bolt_app

log = logging.getLogger(__name__)
BOLT_APP: web.AppKey[AsyncApp] = web.AppKey("slack_bolt_app", AsyncApp)


def attach_slack(app: web.Application, settings: Settings, services: Services) -> None:
    """Adds Slack: `POST /slack/events` (HTTP mode), or Socket Mode when SLACK_APP_TOKEN is set."""
    socket_mode = settings.slack_app_token is not None
    if not socket_mode and settings.slack_signing_secret is None:
        raise ConfigError(
            "Slack HTTP mode needs SLACK_SIGNING_SECRET (your Slack app's Basic Information > "
            "App Credentials > Signing Secret) to verify requests; set it, or set SLACK_APP_TOKEN to use "
            "Socket Mode instead."
        )
    bolt_app, identity = build_bolt_app(settings, services, socket_mode=socket_mode)
    app[BOLT_APP] = bolt_app

    async def warm_identity(_: web.Application) -> None:
        await identity.warm()

    app.on_startup.append(warm_identity)

    if socket_mode:
        _attach_socket_mode(app, bolt_app, settings)
        log.info("Slack is on (Socket Mode)")
        return

    async def slack_events(request: web.Request) -> web.Response:
        # Bolt parses the body before it checks the signature, and some malformed (even signed) payloads make
        # it raise: those are bad requests, answered 400 without a traceback in the log.
        try:
            bolt_request = await to_bolt_request(request)
            problem = malformed(bolt_request.body)
            if problem is None:
                bolt_response = await bolt_app.async_dispatch(bolt_request)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, UnicodeDecodeError) as exc:
            problem = exc.__class__.__name__
        if problem is not None:
            log.warning("slack: refused a malformed request (%s)", problem)
            return web.json_response({"error": "bad request"}, status=400)
        return await to_aiohttp_response(bolt_response)

    app.router.add_post(SLACK_EVENTS_PATH, slack_events)
    log.info("Slack is on (HTTP mode, POST %s)", SLACK_EVENTS_PATH)


def malformed(body: Any) -> str | None:
    """Why a parsed Slack payload cannot be one (Bolt would fail on it with a 500), or None."""
    if not isinstance(body, dict):
        return "the body is not an object"
    kind = body.get("type")
    if kind == "event_callback" and not isinstance(body.get("event"), dict):
        return "an event_callback without an event"
    if kind == "block_actions":
        actions = body.get("actions")
        if not isinstance(actions, list) or not actions or not all(isinstance(a, dict) for a in actions):
            return "block_actions without actions"
    if kind in {"view_submission", "view_closed"}:
        view = body.get("view")
        if not isinstance(view, dict) or "type" not in view:
            return f"{kind} without a view"
    return None


def _attach_socket_mode(app: web.Application, bolt_app: AsyncApp, settings: Settings) -> None:
    from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

    assert settings.slack_app_token is not None
    app_token = settings.slack_app_token.get_secret_value()
    running: list[tuple[AsyncSocketModeHandler, asyncio.Task[None]]] = []

    async def connect(_: web.Application) -> None:
        # Built here because its aiohttp session needs the running loop. Connecting runs in the background
        # (the client retries until Slack answers) so that /healthz and Teams come up meanwhile.
        handler = AsyncSocketModeHandler(bolt_app, app_token=app_token)
        running.append((handler, asyncio.create_task(handler.connect_async())))

    async def close(_: web.Application) -> None:
        for handler, task in running:
            task.cancel()
            await handler.close_async()

    app.on_startup.append(connect)
    app.on_cleanup.append(close)


__all__ = ["attach_slack"]
