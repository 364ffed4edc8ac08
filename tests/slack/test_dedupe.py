"""Event ids are remembered in a bounded set."""

from __future__ import annotations

from bot.slack.dedupe import EventDeduplicator


def test_each_event_id_is_handled_once_and_memory_is_bounded() -> None:
    dedupe = EventDeduplicator(size=3)
    assert dedupe.first_time("Ev1") and not dedupe.first_time("Ev1")
    for n in range(2, 6):
        assert dedupe.first_time(f"Ev{n}")
    assert dedupe.first_time("Ev1"), "forgotten once the set is full"
