"""The one typed settings object: every environment variable policybot reads is declared here."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

REPO_KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


def _env(name: str) -> AliasChoices:
    return AliasChoices(name)


class Settings(BaseSettings):
    """policybot's configuration, read from the environment (and nowhere else)."""

    model_config = SettingsConfigDict(case_sensitive=True, extra="forbid", populate_by_name=True)

    # Server
    host: str = Field("127.0.0.1", validation_alias=_env("HOST"), description="Address `serve` binds.")
    port: int = Field(3978, validation_alias=_env("PORT"), description="Port `serve` listens on.")
    log_level: str = Field("INFO", validation_alias=_env("POLICYBOT_LOG_LEVEL"), description="Logging level.")

    # Knowledge and index
    knowledge_dir: Path = Field(
        REPO_KNOWLEDGE_DIR,
        validation_alias=_env("POLICYBOT_KNOWLEDGE_DIR"),
        description="Folder holding sources/, faq.yaml, signals.yaml and scope.yaml.",
    )
    index_dir: Path = Field(
        Path(".policybot"),
        validation_alias=_env("POLICYBOT_INDEX_DIR"),
        description="Where the embedded index, feedback and analytics live.",
    )
    chroma_url: str | None = Field(
        None,
        validation_alias=_env("POLICYBOT_CHROMA_URL"),
        description="A Chroma server (`chroma run`) URL; unset means the embedded PersistentClient.",
    )
    index_refresh: float = Field(
        60.0,
        validation_alias=_env("POLICYBOT_INDEX_REFRESH"),
        description="Seconds between checks for a changed index or knowledge files (0: never; restart instead).",
    )
    embedder: str = Field(
        "minilm",
        validation_alias=_env("POLICYBOT_EMBEDDER"),
        description="`minilm` (the shipped all-MiniLM-L6-v2 model) or `hash` (a tiny deterministic embedder "
        "for tests that do not measure retrieval quality).",
    )

    # Answering
    jurisdiction: str | None = Field(
        None,
        validation_alias=_env("POLICYBOT_JURISDICTION"),
        description="The deployment's default jurisdiction, e.g. NSW or Commonwealth.",
    )
    llm: str | None = Field(
        None,
        validation_alias=_env("POLICYBOT_LLM"),
        description="Optional `provider:model` for langchain's init_chat_model; unset means extractive answers.",
    )
    llm_base_url: str | None = Field(
        None,
        validation_alias=_env("POLICYBOT_LLM_BASE_URL"),
        description="Base URL of an OpenAI-compatible endpoint (e.g. one the agency hosts itself).",
    )
    llm_timeout: float = Field(20.0, validation_alias=_env("POLICYBOT_LLM_TIMEOUT"), description="Seconds.")
    contact: str = Field(
        "your agency's integrity or policy contact",
        validation_alias=_env("POLICYBOT_CONTACT"),
        description="Who staff should ask when an answer is caution or avoid.",
    )
    faq_channels: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        validation_alias=_env("POLICYBOT_FAQ_CHANNELS"),
        description="Comma-separated channel ids where FAQ replies are on.",
    )
    faq_cooldown: float = Field(
        3600.0,
        validation_alias=_env("POLICYBOT_FAQ_COOLDOWN"),
        description="Seconds before the same FAQ entry is replied again in the same channel.",
    )

    # Slack
    slack_bot_token: SecretStr | None = Field(None, validation_alias=_env("SLACK_BOT_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(None, validation_alias=_env("SLACK_SIGNING_SECRET"))
    slack_app_token: SecretStr | None = Field(None, validation_alias=_env("SLACK_APP_TOKEN"))
    slack_api_url: str | None = Field(None, validation_alias=_env("SLACK_API_URL"), description="Web API base URL.")

    # Teams (the Bot Framework's own variable names)
    microsoft_app_id: str | None = Field(None, validation_alias=_env("MicrosoftAppId"))
    microsoft_app_password: SecretStr | None = Field(None, validation_alias=_env("MicrosoftAppPassword"))
    microsoft_app_type: str = Field("SingleTenant", validation_alias=_env("MicrosoftAppType"))
    microsoft_app_tenant_id: str | None = Field(None, validation_alias=_env("MicrosoftAppTenantId"))
    teams_anonymous: bool = Field(
        False,
        validation_alias=_env("POLICYBOT_TEAMS_ANONYMOUS"),
        description="Allow anonymous Teams requests on a non-loopback address (never in production).",
    )

    @field_validator("faq_channels", mode="before")
    @classmethod
    def _split_channels(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator(
        "chroma_url",
        "jurisdiction",
        "llm",
        "llm_base_url",
        "slack_api_url",
        "microsoft_app_id",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("jurisdiction")
    @classmethod
    def _known_jurisdiction(cls, value: str | None) -> str | None:
        from bot.core.index import canonical_jurisdiction

        return canonical_jurisdiction(value)

    @field_validator("embedder")
    @classmethod
    def _known_embedder(cls, value: str) -> str:
        if value not in {"minilm", "hash"}:
            raise ValueError("POLICYBOT_EMBEDDER must be 'minilm' or 'hash'")
        return value

    @property
    def loopback(self) -> bool:
        return self.host in LOOPBACK_HOSTS

    @property
    def slack_enabled(self) -> bool:
        return self.slack_bot_token is not None

    @property
    def feedback_path(self) -> Path:
        return self.index_dir / "feedback.jsonl"
