"""The knowledge base's data files, typed: approved FAQ answers, post-checking signals, and scope."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.core.models import VERDICT_RANK, Severity

Jurisdictional = str | dict[str, str]


class KnowledgeError(ValueError):
    """A data file that cannot be used; the message names the file and the problem."""


def pick(value: Jurisdictional, jurisdiction: str | None) -> str:
    """The value for a jurisdiction from `x` or `{default: x, NSW: y}`."""
    if isinstance(value, str):
        return value
    if jurisdiction and jurisdiction in value:
        return value[jurisdiction]
    return value.get("default") or next(iter(value.values()))


def verdict_for(value: Jurisdictional, jurisdiction: str | None) -> str:
    """A verdict for a jurisdiction; with none set, the strictest any jurisdiction gives (never looser than one).
    The one rule for FAQ verdicts, signal severities and rule verdicts alike."""
    if jurisdiction is None and isinstance(value, dict):
        return max(value.values(), key=lambda v: VERDICT_RANK.get(v, 0))
    return pick(value, jurisdiction)


def _severity(value: str) -> Severity:
    return "avoid" if value == "avoid" else "caution"


class FaqCitation(BaseModel):
    source_id: str
    quote: str


class FaqEntry(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    question: str
    paraphrases: list[str] = Field(min_length=1)
    verdict: Jurisdictional
    summary: str
    answer: str
    citations: list[FaqCitation] = Field(min_length=1)
    reviewed_by: str
    reviewed_on: str

    @field_validator("reviewed_on", mode="before")
    @classmethod
    def _date_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, dt.date) else value

    @property
    def questions(self) -> list[str]:
        return [self.question, *self.paraphrases]


class Cues(BaseModel):
    phrases: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    examples: list[str] = Field(default_factory=list)

    def regexes(self) -> list[re.Pattern[str]]:
        compiled = [
            re.compile(r"(?<!\w)" + re.escape(p).replace(r"\ ", r"\s+") + r"(?!\w)", re.IGNORECASE)
            for p in self.phrases
        ]
        compiled += [re.compile(p, re.IGNORECASE) for p in self.patterns]
        return compiled


class Signal(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    label: str
    role: Literal["risk", "context"] = "risk"
    severity: Jurisdictional = "caution"
    cues: Cues = Field(default_factory=Cues)
    sources: list[str] = Field(default_factory=list)
    query: str = ""
    explanation: str = ""
    suggestion: str | None = None
    min_similarity: float | None = None  # overrides the engine's example threshold for this signal

    def severity_for(self, jurisdiction: str | None) -> Severity:
        return _severity(verdict_for(self.severity, jurisdiction))


class Rule(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    all: list[str] = Field(min_length=2)
    verdict: Jurisdictional
    explanation: str = ""
    sources: list[str] = Field(default_factory=list)  # extra support to cite when the rule fires
    query: str = ""

    def verdict_for(self, jurisdiction: str | None) -> Severity:
        return _severity(verdict_for(self.verdict, jurisdiction))


class ScopeTopic(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    label: str
    where: str
    cues: Cues = Field(default_factory=Cues)


@dataclass
class Knowledge:
    faq: list[FaqEntry]
    signals: list[Signal]
    rules: list[Rule]
    topics: list[ScopeTopic]
    default_where: str


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise KnowledgeError(f"{path.name} is missing from the knowledge folder") from exc
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path.name} is not valid YAML: {exc}") from exc


def _models(cls: type[BaseModel], items: Any, origin: str) -> list[Any]:
    if not isinstance(items, list):
        raise KnowledgeError(f"{origin}: expected a list")
    out = []
    for number, item in enumerate(items, start=1):
        try:
            out.append(cls.model_validate(item))
        except ValidationError as exc:
            ident = item.get("id", f"#{number}") if isinstance(item, dict) else f"#{number}"
            raise KnowledgeError(f"{origin}: entry {ident} is invalid: {exc.errors()[0]['msg']}") from exc
    return out


def load_knowledge(folder: Path) -> Knowledge:
    faq = _models(FaqEntry, _load_yaml(folder / "faq.yaml"), "faq.yaml")
    signals_doc = _load_yaml(folder / "signals.yaml") or {}
    scope_doc = _load_yaml(folder / "scope.yaml") or {}
    signals = _models(Signal, signals_doc.get("signals", []), "signals.yaml")
    rules = _models(Rule, signals_doc.get("rules", []), "signals.yaml rules")
    known = {s.id for s in signals}
    for rule in rules:
        unknown = set(rule.all) - known
        if unknown:
            raise KnowledgeError(f"signals.yaml: rule {rule.id} names unknown signals {sorted(unknown)}")
    for signal in signals:
        try:
            signal.cues.regexes()
        except re.error as exc:
            raise KnowledgeError(f"signals.yaml: signal {signal.id} has a bad pattern: {exc}") from exc
    topics = _models(ScopeTopic, scope_doc.get("topics", []), "scope.yaml")
    default_where = scope_doc.get("default_where") or (
        "your manager, your agency's policy or integrity contact, or the people-and-culture (HR) team"
    )
    return Knowledge(faq=faq, signals=signals, rules=rules, topics=topics, default_where=default_where)
