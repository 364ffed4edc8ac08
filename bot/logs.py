"""Logging set-up for every command. Message bodies are never logged at INFO or above."""

from __future__ import annotations

import logging
import os

# Libraries that log request or response bodies at DEBUG: kept at WARNING whatever the level asked for.
_QUIET = (
    "bm25s",
    "asyncio",
    "slack_sdk",
    "slack_bolt",
    "httpx",
    "urllib3",
    "chromadb",
    "sentence_transformers",
    "msrest",
    "botbuilder",
    "botframework",
    "openai",
    "langchain",
    "transformers",
    "huggingface_hub",
)


class _QuietLibraries(logging.Filter):
    """Drops library records below WARNING even when a library resets its own logger's level on import."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or record.name.split(".")[0] not in _QUIET


def configure_logging(level: str = "INFO") -> None:
    logging.basicConfig(
        level=getattr(logging, level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,
    )
    for handler in logging.getLogger().handlers:
        handler.addFilter(_QuietLibraries())
    for name in _QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    # Nothing may reach out for a model or a hub at run time; progress bars of libraries stay off.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
