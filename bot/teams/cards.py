"""Adaptive Cards (1.5) for answers and post checks, and the feedback their buttons send back.

Plain dicts: the SDK only wraps them in an attachment (bot.teams.bot). Imports no botbuilder.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from bot.core.feedback import Vote
from bot.core.models import VERDICT_LABEL, Answer, Citation, Finding, PostCheck

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
FEEDBACK_KEY = "policybot"
_COLOUR = {"ok": "Good", "caution": "Warning", "avoid": "Attention", "not_covered": "Accent"}
_ICON = {"ok": "✅", "caution": "⚠️", "avoid": "⛔", "not_covered": "❔"}
_STYLE = {"caution": "warning", "avoid": "attention"}

Card = dict[str, Any]


def verdict_line(verdict: str, summary: str) -> str:
    return f"{VERDICT_LABEL.get(verdict, verdict)}: {_summary(verdict, summary)}".strip()


def _summary(verdict: str, summary: str) -> str:
    """The summary without a leading "Avoid:" when the core already put the verdict there."""
    label = VERDICT_LABEL.get(verdict, verdict)
    head, sep, rest = summary.partition(":")
    return rest.strip() if sep and head.strip().lower() == label.lower() else summary


def answer_card(answer: Answer, *, ref: str, feedback: bool = True) -> Card:
    """Verdict first, the answer with [n] markers, approval, numbered sources, footer, 👍/👎."""
    body: list[Card] = [_verdict_block(answer.verdict, answer.summary)]
    text = answer.body or answer.answer
    if text:
        body.append(_text(text))
    if answer.approval:
        body.append(_text(f"✔️ {answer.approval}", isSubtle=True, size="Small"))
    body.extend(_sources(answer.used_citations()))
    if answer.footer:
        body.append(_text(answer.footer, isSubtle=True, size="Small", separator=True))
    actions = _feedback_actions(ref, answer.verdict, answer.faq_id) if feedback else []
    return _card(body, actions, fallback=answer_text(answer))


def answer_text(answer: Answer) -> str:
    """The same answer as plain text: the fallback for clients that cannot show the card."""
    parts = [verdict_line(answer.verdict, answer.summary), answer.body or answer.answer]
    if answer.approval:
        parts.append(answer.approval)
    parts.extend(_source_text(c) for c in answer.used_citations())
    parts.append(answer.footer)
    return "\n\n".join(p for p in parts if p)


def postcheck_card(check: PostCheck) -> Card:
    """Verdict, each finding (label, excerpt, explanation, sources), a safer wording, footer."""
    body: list[Card] = [_verdict_block(check.verdict, check.summary)]
    if check.note:
        body.append(_text(check.note, isSubtle=True))
    body.extend(_finding(f) for f in check.findings)
    if check.suggestion:
        body.append(_text("**A safer way to say it**", separator=True))
        body.append(_text(check.suggestion, spacing="Small"))
    if check.footer:
        body.append(_text(check.footer, isSubtle=True, size="Small", separator=True))
    return _card(body, [], fallback=postcheck_text(check))


def postcheck_text(check: PostCheck) -> str:
    parts = [verdict_line(check.verdict, check.summary), check.note or ""]
    for finding in check.findings:
        parts.append(f"{finding.label or finding.signal} ({finding.severity}): “{finding.excerpt}” "
                     f"{finding.explanation}")
        parts.extend(_source_text(c) for c in finding.citations)
    if check.suggestion:
        parts.append(f"A safer way to say it: {check.suggestion}")
    parts.append(check.footer)
    return "\n\n".join(p for p in parts if p)


@cache
def help_text() -> str:
    return resources.files("bot.teams").joinpath("help.md").read_text(encoding="utf-8").strip()


def help_message(faq_questions: list[str]) -> str:
    text = help_text()
    if faq_questions:
        text += "\n\n**Questions people often ask**\n\n" + "\n".join(f"- {q}" for q in faq_questions)
    return text


@dataclass(frozen=True)
class FeedbackClick:
    vote: Vote
    ref: str
    verdict: str | None
    faq_id: str | None


def feedback_click(data: object) -> FeedbackClick | None:
    """The feedback a 👍/👎 button sent (Action.Submit data), or None when the data is something else."""
    if not isinstance(data, dict) or data.get(FEEDBACK_KEY) != "feedback":
        return None
    if data.get("vote") not in {"up", "down"}:
        return None
    vote: Vote = "up" if data["vote"] == "up" else "down"
    verdict, faq_id = data.get("verdict"), data.get("faq_id")
    return FeedbackClick(vote=vote, ref=str(data.get("ref") or ""),
                         verdict=verdict if isinstance(verdict, str) else None,
                         faq_id=faq_id if isinstance(faq_id, str) else None)


# -- building blocks -------------------------------------------------------------------------------------
def _card(body: list[Card], actions: list[Card], *, fallback: str) -> Card:
    card: Card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard", "version": "1.5", "body": body, "fallbackText": fallback,
        "msteams": {"width": "Full"},
    }
    if actions:
        card["actions"] = actions
    return card


def _text(text: str, **style: Any) -> Card:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def _verdict_block(verdict: str, summary: str) -> Card:
    label = VERDICT_LABEL.get(verdict, verdict)
    return _text(f"{_ICON.get(verdict, '')} **{label}** — {_summary(verdict, summary)}".strip(),
                 color=_COLOUR.get(verdict, "Default"), size="Medium", weight="Bolder")


def _sources(citations: list[Citation], heading: str = "Sources") -> list[Card]:
    if not citations:
        return []
    blocks: list[Card] = [_text(f"**{heading}**", separator=True, spacing="Medium")]
    for c in citations:
        blocks.append({"type": "Container", "spacing": "Small", "items": [
            _text(_source_heading(c), size="Small"),
            _text(f"“{c.quote}”", isSubtle=True, size="Small", spacing="None"),
        ]})
    return blocks


def _source_heading(c: Citation) -> str:
    title = c.title.replace("[", "(").replace("]", ")")
    linked = f"[{title}]({c.url})" if c.url else f"**{title}**"
    details = " · ".join(p for p in (c.section, c.locator) if p)
    return f"[{c.n}] {linked}" + (f" — {details}" if details else "")


def _source_text(c: Citation) -> str:
    where = ", ".join(p for p in (c.section, c.locator, c.url) if p)
    return f"[{c.n}] {c.title}" + (f" ({where})" if where else "") + f": “{c.quote}”"


def _finding(finding: Finding) -> Card:
    items: list[Card] = [
        _text(f"{_ICON.get(finding.severity, '')} **{finding.label or finding.signal}** "
              f"({finding.severity})"),
        _text(f"“{finding.excerpt}”", isSubtle=True, spacing="Small"),
        _text(finding.explanation, spacing="Small"),
    ]
    items.extend(_sources(finding.citations, heading="Sources"))
    return {"type": "Container", "style": _STYLE.get(finding.severity, "default"), "separator": True,
            "items": items}


def _feedback_actions(ref: str, verdict: str, faq_id: str | None) -> list[Card]:
    def button(title: str, vote: str) -> Card:
        return {"type": "Action.Submit", "title": title,
                "data": {FEEDBACK_KEY: "feedback", "vote": vote, "ref": ref, "verdict": verdict,
                         "faq_id": faq_id}}

    return [button("👍 Helpful", "up"), button("👎 Not helpful", "down")]
