"""Every other message event (edits, joins, bot messages, channels without FAQ replies): acked, ignored.

Without this listener Bolt would answer 404 to them and Slack would retry.
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp


def register(app: AsyncApp) -> None:
    @app.event("message")
    async def ignore_message() -> None:
        return None
