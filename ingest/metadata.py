"""Source metadata: front matter in a Markdown file, or a sidecar `NAME.meta.yaml` for other files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.core.index import JURISDICTIONS

Kind = Literal["primary", "summary", "news", "agency-policy", "template"]
Authority = Literal["law", "code", "regulator-guidance", "agency-policy", "court", "news", "example"]


class MetadataError(ValueError):
    """Front matter or a sidecar that is missing or invalid; the message names the problem."""


class SourceMeta(BaseModel):
    """What every knowledge document declares about itself (knowledge/README.md explains each field)."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]{1,100}$")
    title: str = Field(min_length=1)
    publisher: str | None = None
    jurisdiction: str
    date: str | None = None
    circa: str | None = None
    url: str | None = None
    kind: Kind
    authority: Authority
    verified: str | None = None
    superseded_by: str | None = None

    @field_validator("date", "circa", mode="before")
    @classmethod
    def _date_text(cls, value: Any) -> Any:
        if isinstance(value, dt.date | int):
            return str(value)
        return value

    @field_validator("jurisdiction")
    @classmethod
    def _known_jurisdiction(cls, value: str) -> str:
        if value not in JURISDICTIONS:
            raise ValueError(f"must be one of {', '.join(JURISDICTIONS)}")
        return value

    @model_validator(mode="after")
    def _dated(self) -> SourceMeta:
        if not self.date and not self.circa:
            raise ValueError("needs `date` (or `circa` when the date is not confirmed)")
        return self

    @property
    def when(self) -> str:
        if self.date:
            return self.date
        circa = str(self.circa)
        return f"c. {circa}" if circa[:1].isdigit() else circa


def parse_meta(data: Any, origin: str) -> SourceMeta:
    if not isinstance(data, dict):
        raise MetadataError(f"{origin}: metadata must be a YAML mapping of fields")
    try:
        return SourceMeta.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'metadata'}: {err['msg']}" for err in exc.errors()
        )
        raise MetadataError(f"{origin}: invalid metadata ({problems})") from exc


def split_front_matter(raw: str, origin: str) -> tuple[dict[str, Any] | None, str]:
    """Returns (front matter, body). The body is the file's text after the closing `---` line, unchanged."""
    if not raw.startswith("---"):
        return None, raw
    first_newline = raw.find("\n")
    end = raw.find("\n---", first_newline)
    if first_newline < 0 or end < 0:
        raise MetadataError(f"{origin}: front matter starts with --- but never closes")
    try:
        data = yaml.safe_load(raw[first_newline + 1 : end])
    except yaml.YAMLError as exc:
        raise MetadataError(f"{origin}: front matter is not valid YAML ({exc.__class__.__name__})") from exc
    after = raw.find("\n", end + 1)
    body = "" if after < 0 else raw[after + 1 :]
    return data, body


def sidecar_path(path: Path) -> Path:
    """`policy.pdf` -> `policy.meta.yaml`."""
    return path.with_name(path.name[: -len(path.suffix)] + ".meta.yaml") if path.suffix else path


def read_sidecar(path: Path) -> dict[str, Any] | None:
    side = sidecar_path(path)
    if not side.exists():
        return None
    try:
        data = yaml.safe_load(side.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise MetadataError(f"{side.name}: not valid YAML ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict):
        raise MetadataError(f"{side.name}: must be a YAML mapping of fields")
    return data
