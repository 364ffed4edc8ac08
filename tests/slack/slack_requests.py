"""Real-shaped, signed Slack requests built from the committed fixtures, sent to the running server."""

from __future__ import annotations

import copy
import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
_ids = itertools.count(1)
_ts = itertools.count(1)


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def fresh_ts() -> str:
    return f"17{time.time_ns() % 10**8:08d}.{next(_ts):06d}"


def event(name: str, **event_fields: Any) -> dict[str, Any]:
    """An event_callback fixture with a new event_id (tests share one server) and the fields given."""
    body = copy.deepcopy(fixture(name))
    body["event_id"] = f"Ev{time.time_ns()}{next(_ids)}"
    body["event"].update(event_fields)
    return body


@dataclass
class Reply:
    status: int
    text: str
    seconds: float

    def json(self) -> Any:
        return json.loads(self.text)


def signed_headers(body: str, *, secret: str = SIGNING_SECRET,
                   timestamp: int | None = None) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature}


def post(base: str, body: str, content_type: str, *, secret: str = SIGNING_SECRET,
         timestamp: int | None = None, headers: dict[str, str] | None = None, timeout: float = 10) -> Reply:
    all_headers = {"Content-Type": content_type, **signed_headers(body, secret=secret, timestamp=timestamp),
                   **(headers or {})}
    request = urllib.request.Request(f"{base}/slack/events", data=body.encode(), headers=all_headers,
                                     method="POST")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Reply(response.status, response.read().decode(), time.perf_counter() - started)
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.read().decode(), time.perf_counter() - started)


def post_json(base: str, payload: dict[str, Any], **kwargs: Any) -> Reply:
    return post(base, json.dumps(payload), "application/json", **kwargs)


def slash_body(text: str, response_url: str) -> str:
    form = {**fixture("slash_command_checkpost"), "text": text, "response_url": response_url}
    return urlencode(form)


def post_slash(base: str, text: str, response_url: str, **kwargs: Any) -> Reply:
    return post(base, slash_body(text, response_url), "application/x-www-form-urlencoded", **kwargs)


def post_interaction(base: str, payload: dict[str, Any], **kwargs: Any) -> Reply:
    body = urlencode({"payload": json.dumps(payload)})
    return post(base, body, "application/x-www-form-urlencoded", **kwargs)
