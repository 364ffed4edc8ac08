"""A local stand-in for the Slack Web API, for `response_url` and for the Socket Mode WebSocket.

Runs an aiohttp server in a background thread (its own event loop) and records every call, the way
bolt-python's tests/mock_web_api_server does. Tests read `calls`, `responses` and `socket_acks`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

from tests.helpers import free_port

BOT_USER_ID = "U0BOT0001"
BOT_ID = "B0BOT0001"
TEAM_ID = "T0TEAM001"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    authorization: str | None
    status: int


@dataclass
class MockSlack:
    port: int = field(default_factory=free_port)
    calls: list[Call] = field(default_factory=list)
    responses: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    socket_acks: list[dict[str, Any]] = field(default_factory=list)
    socket_connections: int = 0
    thread_root: dict[str, Any] = field(default_factory=lambda: {
        "type": "message", "user": "U0HUMAN02", "ts": "1700000000.000100",
        "text": "Proud to share the Minister's announcement about our new rail line!"})
    _rate_limited: set[str] = field(default_factory=set)
    _ts: Any = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # -- addresses ------------------------------------------------------------------------------------------
    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, name: str) -> str:
        return f"{self.base}/response/{name}"

    # -- what tests use -------------------------------------------------------------------------------------
    def calls_to(self, method: str, **match: Any) -> list[Call]:
        with self._lock:
            calls = list(self.calls)
        return [c for c in calls if c.method == method and c.status == 200
                and all(c.params.get(k) == v for k, v in match.items())]

    def responses_to(self, name: str) -> list[dict[str, Any]]:
        with self._lock:
            return [body for n, body in self.responses if n == name]

    def rate_limit_once(self, method: str) -> None:
        with self._lock:
            self._rate_limited.add(method)

    def send_envelope(self, envelope: dict[str, Any]) -> None:
        """Queues a Socket Mode envelope for the connected client."""
        self._loop.call_soon_threadsafe(self._outbox.put_nowait, envelope)

    @staticmethod
    def wait_for(predicate: Callable[[], Any], timeout: float = 30.0, interval: float = 0.05) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(interval)
        raise AssertionError("condition not met in time")

    # -- server ---------------------------------------------------------------------------------------------
    def start(self) -> MockSlack:
        started = threading.Event()
        self._loop = asyncio.new_event_loop()

        async def serve() -> None:
            self._outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
            app = web.Application()
            app.router.add_route("*", "/api/{method}", self._api)
            app.router.add_post("/response/{name}", self._response)
            app.router.add_get("/ws", self._websocket)
            self._runner = web.AppRunner(app, access_log=None)
            await self._runner.setup()
            await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
            started.set()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(serve())
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, name="mock-slack", daemon=True)
        self._thread.start()
        if not started.wait(10):
            raise RuntimeError("mock Slack did not start")
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        raw = await request.text()
        if request.content_type == "application/json" and raw:
            params.update(json.loads(raw))
        elif raw:
            params.update(parse_qsl(raw, keep_blank_values=True))
        for key in ("blocks", "view"):  # form-encoded JSON arguments
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        return params

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        with self._lock:
            limited = method in self._rate_limited
            self._rate_limited.discard(method)
            status = 429 if limited else 200
            self.calls.append(Call(method, params, request.headers.get("Authorization"), status))
        if limited:
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                     headers={"Retry-After": "1"})
        return web.json_response(self._answer(method, params))

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "url": "https://policybot-test.slack.com/", "team": "Test",
                    "user": "policybot", "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID,
                    "is_enterprise_install": False}
        if method == "conversations.replies":
            return {"ok": True, "messages": [self.thread_root], "has_more": True}
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/ws"}
        if method in {"chat.postMessage", "chat.postEphemeral"}:
            ts = f"1800000000.{next(self._ts):06d}"
            return {"ok": True, "channel": params.get("channel"), "ts": ts, "message_ts": ts}
        return {"ok": True}

    async def _response(self, request: web.Request) -> web.Response:
        with self._lock:
            self.responses.append((request.match_info["name"], await request.json()))
        return web.Response(text="ok")

    async def _websocket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.socket_connections += 1
        await ws.send_json({"type": "hello", "num_connections": 1,
                            "debug_info": {"host": "mock", "approximate_connection_time": 3600},
                            "connection_info": {"app_id": "A0APP0001"}})

        async def forward() -> None:
            while True:
                await ws.send_json(await self._outbox.get())

        sender = asyncio.create_task(forward())
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    with self._lock:
                        self.socket_acks.append(json.loads(message.data))
        finally:
            sender.cancel()
        return ws
