"""Registers every Slack listener, one a module. Order matters for `message` events: the first match wins."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.app import Services
from bot.settings import Settings
from bot.slack.identity import BotIdentity
from bot.slack.listeners import checkpost, faq_channel, feedback, home, ignored, mentions, messages, shortcut


def register_listeners(
    app: AsyncApp, *, settings: Settings, services: Services, identity: BotIdentity,
) -> None:
    messages.register(app, services)
    faq_channel.register(app, services, identity)
    ignored.register(app)  # every other message event: acknowledged, nothing done
    mentions.register(app, services)
    checkpost.register(app, services)
    shortcut.register(app, services)
    feedback.register(app, services)
    home.register(app, services)
