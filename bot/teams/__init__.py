"""The Microsoft Teams adapter. Every botbuilder import lives in this package, so that a move to the
Microsoft 365 Agents SDK touches nothing else. This module, config.py, cards.py and text.py import none:
bot.server imports this module whether or not Teams is wanted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.teams.config import teams_wanted

if TYPE_CHECKING:
    from aiohttp import web

    from bot.app import Services
    from bot.settings import Settings


def attach_teams(app: web.Application, settings: Settings, services: Services) -> None:
    """Adds POST /api/messages to the server (imports botbuilder only now)."""
    from bot.teams.route import attach

    attach(app, settings, services)


__all__ = ["attach_teams", "teams_wanted"]
