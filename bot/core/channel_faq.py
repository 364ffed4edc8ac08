"""When an FAQ reply in a channel is allowed: once a thread, and a cool-down per channel and entry."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class ChannelFaqGate:
    """Remembers recent replies in memory (per process; several replicas each keep their own)."""

    def __init__(
        self,
        *,
        channels: list[str],
        cooldown: float,
        clock: Callable[[], float] = time.monotonic,
        memory: int = 10_000,
    ) -> None:
        self._channels = set(channels)
        self._cooldown = cooldown
        self._clock = clock
        self._threads: OrderedDict[tuple[str, str], None] = OrderedDict()
        self._last: dict[tuple[str, str], float] = {}
        self._memory = memory
        self._lock = threading.Lock()

    def enabled(self, channel: str) -> bool:
        return channel in self._channels

    def claim(self, channel: str, thread: str, entry_id: str) -> bool:
        """True (and remembered) when a reply for this entry may go to this thread now."""
        with self._lock:
            now = self._clock()
            last = self._last.get((channel, entry_id))
            if (channel, thread) in self._threads or (last is not None and now - last < self._cooldown):
                return False
            self._threads[(channel, thread)] = None
            if len(self._threads) > self._memory:
                self._threads.popitem(last=False)
            self._last[(channel, entry_id)] = now
            return True
