"""Whether the Teams route is on, and the Bot Framework configuration object. Imports no botbuilder."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.app import ConfigError
from bot.settings import Settings

log = logging.getLogger(__name__)

_TYPES = {"singletenant": "SingleTenant", "userassignedmsi": "UserAssignedMSI", "multitenant": "MultiTenant"}


def teams_wanted(settings: Settings) -> bool:
    """Teams is on with an app id, or anonymously on loopback (or when POLICYBOT_TEAMS_ANONYMOUS=1)."""
    if settings.microsoft_app_id:
        return True
    if settings.loopback:
        log.info("Teams is on without credentials (MicrosoftAppId is not set): anonymous requests are "
                 "accepted on %s for local development with the Bot Framework Emulator", settings.host)
        return True
    if settings.teams_anonymous:
        log.warning("Teams accepts anonymous requests on %s because POLICYBOT_TEAMS_ANONYMOUS=1: anyone who "
                    "can reach this address can talk to the bot; never do this in production", settings.host)
        return True
    log.info("Teams is off: MicrosoftAppId is not set and HOST=%s is not a loopback address, so anonymous "
             "requests are refused. Set MicrosoftAppId (with MicrosoftAppPassword and MicrosoftAppTenantId) "
             "to turn it on, or POLICYBOT_TEAMS_ANONYMOUS=1 for local testing only", settings.host)
    return False


@dataclass(frozen=True)
class BotConfig:
    """What ConfigurationBotFrameworkAuthentication reads (the attribute names are the SDK's)."""

    APP_ID: str
    APP_PASSWORD: str
    APP_TYPE: str
    APP_TENANTID: str


def bot_config(settings: Settings) -> BotConfig:
    """The Bot Framework configuration; raises ConfigError when the app type lacks what it needs."""
    app_id = settings.microsoft_app_id or ""
    password = settings.microsoft_app_password.get_secret_value() if settings.microsoft_app_password else ""
    tenant = (settings.microsoft_app_tenant_id or "").strip()
    if not app_id:
        # No credentials: the SDK's "MultiTenant" path with an empty id is the one without authentication.
        return BotConfig(APP_ID="", APP_PASSWORD="", APP_TYPE="MultiTenant", APP_TENANTID="")
    app_type = _TYPES.get(settings.microsoft_app_type.strip().lower())
    if app_type is None:
        raise ConfigError(f"MicrosoftAppType={settings.microsoft_app_type!r} is not one of SingleTenant, "
                          "UserAssignedMSI or MultiTenant")
    if app_type in {"SingleTenant", "UserAssignedMSI"} and not tenant:
        raise ConfigError(f"Teams: MicrosoftAppType={app_type} needs MicrosoftAppTenantId (the Entra ID "
                          "tenant of the bot's app registration)")
    if app_type == "SingleTenant" and not password:
        raise ConfigError("Teams: MicrosoftAppType=SingleTenant needs MicrosoftAppPassword (the client "
                          "secret); use MicrosoftAppType=UserAssignedMSI for a managed identity")
    if app_type == "MultiTenant":
        log.warning("Teams: MicrosoftAppType=MultiTenant is deprecated for new bots; prefer SingleTenant or "
                    "UserAssignedMSI")
    return BotConfig(APP_ID=app_id, APP_PASSWORD=password, APP_TYPE=app_type, APP_TENANTID=tenant)
