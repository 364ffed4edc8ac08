"""A stand-in for the Bot Framework connector (the activity's serviceUrl), run in a thread of the tests."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib import error, request

from aiohttp import web

from tests.helpers import free_port

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Call:
    conversation: str
    reply_to: str | None
    authorization: str | None
    activity: dict[str, Any]

    @property
    def type(self) -> str:
        return str(self.activity.get("type"))

    def cards(self) -> list[dict[str, Any]]:
        return [a["content"] for a in self.activity.get("attachments") or []
                if a.get("contentType") == "application/vnd.microsoft.card.adaptive"]


class Connector:
    """Records every activity the bot sends; a card to a conversation whose id holds `fail` gets a 500."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.calls: list[Call] = []
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Connector:
        self._thread.start()
        assert self._ready.wait(10), "connector stand-in did not start"
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", self._record)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._record)
        runner = web.AppRunner(app, access_log=None)
        self._loop.run_until_complete(runner.setup())
        self._loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", self.port).start())
        self._ready.set()
        self._loop.run_forever()
        self._loop.run_until_complete(runner.cleanup())

    async def _record(self, req: web.Request) -> web.Response:
        activity = await req.json()
        conversation = req.match_info["conversation"]
        self.calls.append(Call(conversation, req.match_info.get("reply_to"), req.headers.get("Authorization"),
                               activity))
        if "fail" in conversation and activity.get("attachments"):
            return web.json_response({"error": {"code": "ServiceError", "message": "boom"}}, status=500)
        return web.json_response({"id": f"reply-{len(self.calls)}"})

    def to(self, conversation: str) -> list[Call]:
        return [c for c in self.calls if c.conversation == conversation]


def activity(name: str, connector: Connector, **overrides: Any) -> dict[str, Any]:
    """A committed fixture with its serviceUrl pointed at the stand-in (and fields overridden)."""
    body = json.loads((FIXTURES / name).read_text())
    body["serviceUrl"] = connector.url
    for key, value in overrides.items():
        if key == "conversation_id":
            body["conversation"]["id"] = value
        else:
            body[key] = value
    return body


def post(base: str, body: object, *, raw: bytes | None = None, content_type: str = "application/json",
         headers: dict[str, str] | None = None, timeout: float = 60) -> tuple[int, Any]:
    """POSTs to /api/messages; returns (status, parsed JSON body or text)."""
    data = raw if raw is not None else json.dumps(body).encode()
    req = request.Request(f"{base}/api/messages", data=data, method="POST",
                          headers={"Content-Type": content_type, **(headers or {})})
    try:
        with request.urlopen(req, timeout=timeout) as resp:
            status, text = resp.status, resp.read().decode()
    except error.HTTPError as exc:
        status, text = exc.code, exc.read().decode()
    try:
        return status, json.loads(text) if text else None
    except ValueError:
        return status, text


def wait_for(predicate: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")
