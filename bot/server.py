"""`policybot serve`: one aiohttp server for Slack (/slack/events), Teams (/api/messages) and /healthz."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor

from aiohttp import web

from bot.app import Services
from bot.settings import Settings

log = logging.getLogger(__name__)
ENGINE_WORKERS = 2
SERVICES: web.AppKey[Services] = web.AppKey("services", Services)


async def healthz(request: web.Request) -> web.Response:
    """200 while the server is up (also while the engine loads); 503 when the engine could not load."""
    status = request.app[SERVICES].engine.status
    if status.startswith("error"):
        return web.json_response({"status": "error", "engine": status}, status=503)
    return web.json_response({"status": "ok", "engine": status})


def build_web_app(settings: Settings, services: Services) -> web.Application:
    """The aiohttp application with each platform that is configured. Raises ConfigError when one cannot work."""
    app = web.Application(client_max_size=1024 * 1024)
    app[SERVICES] = services
    app.router.add_get("/healthz", healthz)

    if settings.slack_enabled:
        from bot.slack import attach_slack

        attach_slack(app, settings, services)
    else:
        log.info("Slack is off: SLACK_BOT_TOKEN is not set")

    from bot.teams import attach_teams, teams_wanted

    if teams_wanted(settings):
        attach_teams(app, settings, services)

    async def warm(_: web.Application) -> None:
        # Engine calls reach this pool through asyncio.to_thread. Few workers: CPU-bound threads compete with the
        # event loop for the interpreter, and acknowledgements must not wait on them (torch uses both cores anyway).
        asyncio.get_running_loop().set_default_executor(
            ThreadPoolExecutor(max_workers=ENGINE_WORKERS, thread_name_prefix="policybot-engine")
        )
        services.engine.start_warming()

    app.on_startup.append(warm)
    if settings.index_refresh > 0:
        app.cleanup_ctx.append(_refresher(services, settings.index_refresh))
    return app


def _refresher(services: Services, seconds: float) -> Callable[[web.Application], AsyncIterator[None]]:
    """A background task that picks up a new ingest or an edited knowledge file without a restart."""

    async def refresh_forever() -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                await asyncio.to_thread(services.engine.refresh)
            except Exception as exc:  # keep answering with what is loaded; say why once a cycle
                log.warning("could not reload the knowledge (%s: %s)", exc.__class__.__name__, exc)

    async def context(_: web.Application) -> AsyncIterator[None]:
        task = asyncio.create_task(refresh_forever())
        yield
        task.cancel()

    return context


def serve(settings: Settings, services: Services) -> None:
    app = build_web_app(settings, services)
    log.info("policybot listening on http://%s:%s", settings.host, settings.port)
    web.run_app(app, host=settings.host, port=settings.port, print=None, access_log=None)
