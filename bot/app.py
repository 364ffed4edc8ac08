"""Builds everything once and hands it down: the engine, the usage log, the FAQ channel gate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.core.channel_faq import ChannelFaqGate
from bot.core.engine import Engine
from bot.core.feedback import UsageLog
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.core.parts import Parts


class ConfigError(Exception):
    """A configuration that cannot work; the message says what to set."""


@dataclass
class Services:
    """What the adapters get: they call these and render the results, nothing more."""

    engine: Engine
    usage: UsageLog
    faq_gate: ChannelFaqGate
    contact: str


def build_engine(settings: Settings) -> Engine:
    def load(previous: Parts | None) -> Parts:
        from bot.core.parts import load_parts

        return load_parts(settings, embedder=previous.embedder if previous else None)

    def version() -> str:
        from bot.core.parts import fingerprint

        return fingerprint(settings)

    return Engine(default_jurisdiction=settings.jurisdiction, loader=load, fingerprint=version)


def build_services(settings: Settings, engine: Engine | None = None) -> Services:
    return Services(
        engine=engine or build_engine(settings),
        usage=UsageLog(settings.index_dir),
        faq_gate=ChannelFaqGate(channels=settings.faq_channels, cooldown=settings.faq_cooldown),
        contact=settings.contact,
    )
