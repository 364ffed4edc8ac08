"""Block Kit rendering of the core's results. Every message also carries a plain `text` fallback.

Slack limits honoured here: 3000 characters a section text, 2000 a button value, 50 blocks a message.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from bot.core.models import VERDICT_LABEL, Answer, Citation, Finding, PostCheck

Block = dict[str, Any]
Message = dict[str, Any]

SECTION_LIMIT = 3000
MAX_BLOCKS = 50
MAX_SOURCES = 10
MAX_FINDINGS = 10
FEEDBACK_UP = "feedback_up"
FEEDBACK_DOWN = "feedback_down"
VERDICT_EMOJI = {"ok": ":white_check_mark:", "caution": ":warning:", "avoid": ":no_entry:",
                 "not_covered": ":grey_question:"}
SEVERITY_LABEL = {"caution": "Caution", "avoid": "Avoid"}


# -- text helpers --------------------------------------------------------------------------------------------
def escape(text: str) -> str:
    """Slack's three control characters in mrkdwn."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int = SECTION_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def quote(text: str) -> str:
    return "\n".join(f">{escape(line)}" for line in text.strip().splitlines() if line.strip())


def link(url: str | None, title: str) -> str:
    label = escape(title).replace("|", "¦")
    return f"<{url}|{label}>" if url and url.startswith(("http://", "https://")) else f"*{label}*"


def section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text)}}


def context(*texts: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(t)} for t in texts if t][:10]}


def verdict_line(verdict: str, summary: str) -> str:
    label = VERDICT_LABEL.get(verdict, verdict)
    return f"{VERDICT_EMOJI.get(verdict, '')} *{label}* — {escape(summary)}".strip()


def citation_text(citation: Citation) -> str:
    where = " · ".join(escape(part) for part in (citation.section, citation.locator) if part)
    head = f"*[{citation.n}]* {link(citation.url, citation.title)}" + (f" — {where}" if where else "")
    return f"{head}\n{quote(citation.quote)}"


def _message(text: str, blocks: list[Block]) -> Message:
    return {"text": clip(text), "blocks": blocks[:MAX_BLOCKS]}


# -- answers and post checks ---------------------------------------------------------------------------------
def feedback_value(kind: str, verdict: str, faq_id: str | None) -> str:
    return json.dumps({"kind": kind, "verdict": verdict, "faq_id": faq_id}, separators=(",", ":"))[:2000]


def feedback_block(kind: str, verdict: str, faq_id: str | None) -> Block:
    value = feedback_value(kind, verdict, faq_id)
    return {
        "type": "actions",
        "block_id": "feedback",
        "elements": [
            {"type": "button", "action_id": FEEDBACK_UP, "value": value,
             "text": {"type": "plain_text", "text": "👍 Helpful", "emoji": True}},
            {"type": "button", "action_id": FEEDBACK_DOWN, "value": value,
             "text": {"type": "plain_text", "text": "👎 Not helpful", "emoji": True}},
        ],
    }


def answer_message(answer: Answer, *, kind: str) -> Message:
    """Verdict line, answer with [n] markers, approval badge, numbered sources, footer, feedback."""
    body = answer.body or answer.answer
    blocks: list[Block] = [section(verdict_line(answer.verdict, answer.summary)), section(escape(body))]
    badges = []
    if answer.approval:
        badges.append(f":ballot_box_with_check: {escape(answer.approval)}")
    if answer.jurisdiction:
        badges.append(f"Jurisdiction applied: *{escape(answer.jurisdiction)}*")
    if badges:
        blocks.append(context(*badges))
    sources = answer.used_citations()[:MAX_SOURCES]
    if sources:
        blocks.append({"type": "divider"})
        blocks.append(section("*Sources*"))
        blocks.extend(section(citation_text(c)) for c in sources)
    if answer.footer:
        blocks.append(context(escape(answer.footer)))
    blocks.append(feedback_block(kind, answer.verdict, answer.faq_id))
    label = VERDICT_LABEL.get(answer.verdict, answer.verdict)
    return _message(f"{label}: {answer.summary}\n\n{body}", blocks)


def finding_text(finding: Finding) -> str:
    label = escape(finding.label or finding.signal)
    severity = SEVERITY_LABEL.get(finding.severity, finding.severity)
    excerpt = f" — “{escape(finding.excerpt)}”" if finding.excerpt else ""
    emoji = VERDICT_EMOJI.get(finding.severity, "")
    return f"{emoji} *{label}* ({severity}){excerpt}\n{escape(finding.explanation)}"


def postcheck_message(check: PostCheck) -> Message:
    """Verdict line, each finding with its sources, the suggestion, the footer, feedback."""
    blocks: list[Block] = [section(verdict_line(check.verdict, check.summary))]
    for finding in check.findings[:MAX_FINDINGS]:
        blocks.append(section(finding_text(finding)))
        if finding.citations:
            blocks.append(section("\n".join(citation_text(c) for c in finding.citations[:MAX_SOURCES])))
    if check.suggestion:
        blocks.append(section(f"*A safer way to say it*\n{escape(check.suggestion)}"))
    if check.note:
        blocks.append(context(escape(check.note)))
    if check.footer:
        blocks.append(context(escape(check.footer)))
    blocks.append(feedback_block("checkpost", check.verdict, None))
    label = VERDICT_LABEL.get(check.verdict, check.verdict)
    lines = [f"{label}: {check.summary}"]
    lines += [f"- {f.label or f.signal}: {f.explanation}" for f in check.findings]
    return _message("\n".join(lines), blocks)


# -- plain messages ------------------------------------------------------------------------------------------
CHECKPOST_USAGE = (
    "*Usage:* `/checkpost TEXT`: paste the post you are about to publish, and I'll tell you privately "
    "whether it fits the guidance, with sources.\n"
    "Example: `/checkpost Proud of my team's work on the new rail line!`\n"
    "To check a message already in Slack, use its *⋯ More actions* menu: *Check this post*."
)
ASK_USAGE = (
    "Ask me about social media conduct, e.g. _Can I like a minister's post?_ I answer with the guidance "
    "and its sources. To check a draft, use `/checkpost TEXT`."
)


def plain(text: str) -> Message:
    return _message(text, [section(text)])


def failure(action: str, reason: str) -> Message:
    return plain(f":warning: Sorry, I couldn't {action} just now: {reason}")


def feedback_thanks(vote: str) -> Message:
    return plain("Thanks, your 👍 is recorded." if vote == "up" else
                 "Thanks, your 👎 is recorded. The guidance owners read this feedback.")


# -- App Home ------------------------------------------------------------------------------------------------
def home_view(*, faq_questions: Sequence[str], jurisdiction: str | None, contact: str, loading: bool) -> dict:
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": "policybot", "emoji": True}},
        section("I tell you, with the sources, whether what you're about to do on social media fits the "
                "guidance that binds public servants."),
        section("*How to use me*\n"
                "• *Ask me here* (Messages tab): _Can I like a minister's post?_\n"
                "• *@mention me* in a thread about a post: _can I share this?_ "
                "I read the thread's first message.\n"
                "• `/checkpost TEXT` checks a draft post privately.\n"
                "• *Check this post* in a message's ⋯ menu checks any message, privately.\n"
                "• In some channels I answer common questions with the approved answer, once a thread."),
        {"type": "divider"},
    ]
    if faq_questions:
        listed = "\n".join(f"• {escape(q)}" for q in faq_questions)
        blocks.append(section(f"*Most asked*\n{listed}"))
    elif loading:
        blocks.append(context("The most asked questions appear here once I have finished loading."))
    applied = (f"Guidance applied: *{escape(jurisdiction)}* (each answer says which it applied)."
               if jurisdiction else "No default jurisdiction is set; each answer says which one it applied.")
    blocks.append(context(applied, f"Guidance, not legal advice. When in doubt, ask {escape(contact)}."))
    return {"type": "home", "blocks": blocks[:100]}
