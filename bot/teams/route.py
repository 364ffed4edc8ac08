"""POST /api/messages: checks the body, then hands the activity to the Bot Framework's CloudAdapter."""

from __future__ import annotations

import json
import logging

from aiohttp import web
from botbuilder.core import serializer_helper
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity
from msrest.serialization import Model

from bot.app import ConfigError, Services
from bot.settings import Settings
from bot.teams.bot import PolicyBot
from bot.teams.config import bot_config
from bot.teams.errors import on_turn_error

log = logging.getLogger(__name__)
ROUTE = "/api/messages"


def attach(app: web.Application, settings: Settings, services: Services) -> None:
    try:
        auth = ConfigurationBotFrameworkAuthentication(bot_config(settings))
    except ConfigError:
        raise
    except Exception as exc:  # the SDK raises a bare Exception naming the missing property
        raise ConfigError(f"Teams: {exc}") from exc
    adapter = CloudAdapter(auth)
    adapter.on_turn_error = on_turn_error
    bot = PolicyBot(services)

    async def messages(request: web.Request) -> web.StreamResponse:
        activity, problem = await _activity(request)
        if activity is None:
            log.info("teams: rejected a request: %s", problem)
            return web.json_response({"error": problem}, status=415 if "Content-Type" in problem else 400)
        try:
            # CloudAdapter.process(request, bot) does the same, but in 4.17.1 it serialises an invoke
            # response's body twice and fails with a 500 on every invoke that returns a body (a dict by then);
            # see microsoft/teams-sdk#2547. So the route calls process_activity and writes the response.
            auth_header = request.headers.get("Authorization", "")
            invoke = await adapter.process_activity(auth_header, activity, bot.on_turn)
        except PermissionError:
            return web.json_response({"error": "unauthorized"}, status=401)
        except Exception as exc:
            log.error("teams: could not process an activity (%s)", type(exc).__name__)
            log.debug("teams: traceback of the failure", exc_info=True)
            return web.json_response({"error": "internal error"}, status=500)
        if invoke is None:
            return web.Response(status=201)
        body = serializer_helper(invoke.body) if isinstance(invoke.body, Model) else invoke.body
        return web.json_response(body, status=invoke.status)

    app.router.add_post(ROUTE, messages)
    mode = f"app id {settings.microsoft_app_id}" if settings.microsoft_app_id else "anonymous"
    log.info("Teams is on: POST %s (%s)", ROUTE, mode)


async def _activity(request: web.Request) -> tuple[Activity | None, str]:
    """The activity in the body, or None and why it is not one (so that garbage gets a 4xx, not a 500)."""
    if "application/json" not in request.headers.get("Content-Type", ""):
        return None, "Content-Type must be application/json"
    try:
        body = json.loads(await request.read())
    except (ValueError, UnicodeDecodeError):
        return None, "the body is not JSON"
    if not isinstance(body, dict) or not isinstance(body.get("type"), str) or not body["type"]:
        return None, "the body is not an activity (no type)"
    if not isinstance(body.get("serviceUrl"), str) or not body["serviceUrl"]:
        return None, "the activity has no serviceUrl"
    if body["type"] == "invoke" and str(body.get("name", "")).startswith("composeExtension/"):
        value = body.get("value")
        if not isinstance(value, dict) or not isinstance(value.get("messagePayload", {}), dict):
            return None, "the message action has no valid value"
    # Every reply goes to the conversation, and every answer is recorded against its sender.
    for field, name in (("conversation", "conversation.id"), ("from", "from.id")):
        part = body.get(field)
        if not isinstance(part, dict) or not isinstance(part.get("id"), str) or not part["id"]:
            return None, f"the activity has no {name}"
    try:
        return Activity().deserialize(body), ""
    except Exception:
        return None, "the activity does not match the Bot Framework schema"
