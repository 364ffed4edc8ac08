"""Slack retries an event up to three times: each `event_id` is handled once, whatever the headers say.

A retry of an event never seen (the first delivery lost) is handled like a first delivery.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.response import BoltResponse


class EventDeduplicator:
    """Remembers the last `size` event ids in memory (per process)."""

    def __init__(self, size: int = 2048) -> None:
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._size = size

    def first_time(self, event_id: str) -> bool:
        """True the first time an id is seen (and remembers it)."""
        if event_id in self._seen:
            self._seen.move_to_end(event_id)
            return False
        self._seen[event_id] = None
        if len(self._seen) > self._size:
            self._seen.popitem(last=False)
        return True

    async def middleware(
        self, body: dict[str, Any], next_: Callable[[], Awaitable[None]],
    ) -> BoltResponse | None:
        """Bolt global middleware: a repeated event gets 200 at once and reaches no listener."""
        event_id = body.get("event_id") if isinstance(body, dict) else None
        if event_id and not self.first_time(str(event_id)):
            return BoltResponse(status=200, body="")
        await next_()
        return None
