"""App Home: how to use the bot, the most asked FAQ entries, the jurisdiction the deployment applies."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.slack.blocks import home_view
from bot.slack.replies import log_failure

TOP_FAQ = 5


def top_questions(services: Services) -> list[str]:
    """The most asked FAQ entries, topped up with the FAQ's own order (runs in a worker thread)."""
    entries = {entry.id: entry for entry in services.engine.faq_entries()}
    ids = [faq_id for faq_id, _ in services.usage.most_asked_faq(TOP_FAQ) if faq_id in entries]
    ids += [faq_id for faq_id in entries if faq_id not in ids]
    return [entries[faq_id].question for faq_id in ids[:TOP_FAQ]]


def register(app: AsyncApp, services: Services) -> None:
    @app.event("app_home_opened")
    async def on_home_opened(event: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        engine = services.engine
        questions: list[str] = []
        try:
            if engine.ready:  # while loading, the Home shows at once without the list
                questions = await asyncio.to_thread(top_questions, services)
        except Exception as exc:
            log_failure("home faq list", exc)
        view = home_view(faq_questions=questions, jurisdiction=engine.default_jurisdiction,
                         contact=services.contact, loading=not engine.ready)
        try:
            await client.views_publish(user_id=event["user"], view=view)
        except Exception as exc:
            log_failure("views.publish", exc)
