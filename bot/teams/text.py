"""Turning what Teams sends into plain text and a command. Imports no botbuilder."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any, Literal

_AT = re.compile(r"<at\b[^>]*>.*?</at>", re.IGNORECASE | re.DOTALL)
_BREAK = re.compile(r"<\s*(br|/p|/div|/li)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[ \t\u00a0]+")
_CHECKPOST = re.compile(r"^/?checkpost\b[:\s]*", re.IGNORECASE)
_HELP = re.compile(r"^/?(help|\?)\s*[.!?]*$", re.IGNORECASE)


def plain_text(text: str | None) -> str:
    """Teams text (plain, or HTML from channels and message payloads) without mentions, tags or entities."""
    if not text:
        return ""
    text = _AT.sub(" ", text)
    text = _BREAK.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    lines = [_SPACE.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line).strip()


@dataclass(frozen=True)
class Command:
    kind: Literal["ask", "checkpost", "help"]
    text: str


def parse_command(text: str) -> Command:
    """`checkpost TEXT`, `help`, or a question (an empty message is a request for help)."""
    if not text or _HELP.match(text):
        return Command("help", "")
    match = _CHECKPOST.match(text)
    if match is None:
        return Command("ask", text)
    return Command("checkpost", text[match.end():].strip())


def thread_root(conversation_id: str, activity_id: str | None) -> str:
    """A channel thread's root message id: Teams appends `;messageid=ROOT` to the conversation id."""
    _, sep, root = conversation_id.partition(";messageid=")
    return root if sep and root else (activity_id or "")


def scope_of(activity: Any) -> str:
    """personal, groupChat or channel (Teams' conversationType; the Emulator sends none: personal)."""
    conversation = getattr(activity, "conversation", None)
    return getattr(conversation, "conversation_type", None) or "personal"


def mentions_me(activity: Any) -> bool:
    """Whether the activity @mentions its recipient (the bot)."""
    me = getattr(getattr(activity, "recipient", None), "id", None)
    for entity in getattr(activity, "entities", None) or []:
        props = getattr(entity, "additional_properties", None) or {}
        is_mention = (getattr(entity, "type", "") or "").lower() == "mention"
        if is_mention and me and (props.get("mentioned") or {}).get("id") == me:
            return True
    return False
