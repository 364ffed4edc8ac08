"""The core's data: what a question is, and what an answer or a post check returns.

Citations are data (STYLE.md): the core returns them, and each renderer formats them.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

Verdict = Literal["ok", "caution", "avoid", "not_covered"]
PostVerdict = Literal["ok", "caution", "avoid"]
Severity = Literal["caution", "avoid"]

VERDICT_RANK = {"ok": 0, "caution": 1, "avoid": 2}
VERDICT_LABEL = {
    "ok": "OK",
    "caution": "Caution",
    "avoid": "Avoid",
    "not_covered": "Not covered by the guidance",
}
_MARKER = re.compile(r"\[(\d+)\]")


class Citation(BaseModel):
    """A numbered source passage. `quote` is always verbatim text of the source document."""

    n: int
    source_id: str
    title: str
    section: str | None = None
    locator: str | None = None
    url: str | None = None
    quote: str
    authority: str | None = Field(None, exclude=True)
    date: str | None = Field(None, exclude=True)
    jurisdiction: str | None = Field(None, exclude=True)


class Answer(BaseModel):
    """An answer to a question, as `ask --json` prints it (fields marked exclude are for renderers)."""

    question: str
    verdict: Verdict
    summary: str
    answer: str
    jurisdiction: str | None
    faq_id: str | None = None
    confidence: float = 0.0
    citations: list[Citation] = Field(default_factory=list)
    body: str = Field("", exclude=True)
    approval: str | None = Field(None, exclude=True)
    footer: str = Field("", exclude=True)

    def used_citations(self) -> list[Citation]:
        """The citations the body refers to with [n] markers (teams-ai's get_used_citations)."""
        return used_citations(self.body or self.answer, self.citations)


class Finding(BaseModel):
    signal: str
    severity: Severity
    excerpt: str
    explanation: str
    citations: list[Citation] = Field(default_factory=list)
    label: str = Field("", exclude=True)


class PostCheck(BaseModel):
    """A draft post's assessment, as `checkpost --json` prints it."""

    text: str
    verdict: PostVerdict
    summary: str
    findings: list[Finding] = Field(default_factory=list)
    suggestion: str | None = None
    note: str | None = Field(None, exclude=True)
    footer: str = Field("", exclude=True)


def used_citations(text: str, citations: list[Citation]) -> list[Citation]:
    used = {int(m) for m in _MARKER.findall(text)}
    return [c for c in citations if c.n in used] if used else list(citations)

